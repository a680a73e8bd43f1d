// SharedSession as the multiplexer on serve's hot path: many callers on one upstream session,
// ids and progress tokens remapped per call, and a dead upstream failing exactly its own calls.
#include "core/session/shared_session.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/this_coro.hpp>
#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "core/jsonrpc/failure.hpp"
#include "tests/unit/run_async.hpp"
#include "tests/unit/session/fake_channel.hpp"

using namespace mcpgw;
using namespace std::chrono_literals;
using jsonrpc::Json;
using session::SharedSession;

namespace {

/// An upstream session over one FakeChannel that answers initialize; the test plays the rest.
struct Multiplexer {
  std::shared_ptr<test::FakeChannel> channel = std::make_shared<test::FakeChannel>();
  std::shared_ptr<SharedSession> session;

  Multiplexer() {
    session = std::make_shared<SharedSession>(
        [channel = channel]() -> boost::system::result<std::shared_ptr<transport::Channel>> { return channel; },
        Json::object(), Json{{"name", "mcpgw"}, {"version", "test"}});
  }

  /// ready(), answering the initialize it sends.
  awaitable<error_code> open() {
    auto answer_initialize = [](std::shared_ptr<test::FakeChannel> ch) -> awaitable<void> {
      while (ch->sent.empty()) co_await async::Signal().wait(1ms);
      Json init = Json::parse(ch->sent.front());
      ch->push(jsonrpc::make_result(init["id"], {{"protocolVersion", "2025-11-25"},
                                                  {"capabilities", Json::object()},
                                                  {"serverInfo", {{"name", "up"}, {"version", "1"}}}})
                   .dump());
    };
    asio::co_spawn(co_await asio::this_coro::executor, answer_initialize(channel), asio::detached);
    co_return co_await session->ready();
  }

  /// The last message sent upstream, parsed.
  Json last_sent() const { return Json::parse(channel->sent.back()); }
};

awaitable<Json> next_message(SharedSession::Queue& queue) {
  auto raw = co_await queue.pop(1s);
  co_return raw ? Json::parse(raw->text()) : Json("nothing");
}

}  // namespace

TEST_CASE("two callers' equal ids go upstream as different ids and come back as their own",
          "[session][shared]") {
  test::run_async([]() -> awaitable<void> {
    Multiplexer m;
    auto ec = co_await m.open();
    REQUIRE_FALSE(ec);
    auto qa = std::make_shared<SharedSession::Queue>();
    auto qb = std::make_shared<SharedSession::Queue>();
    REQUIRE(m.session->start(jsonrpc::make_request(1, "tools/call", {{"name", "a"}}), qa));
    Json sent_a = m.last_sent();
    REQUIRE(m.session->start(jsonrpc::make_request(1, "tools/call", {{"name", "b"}}), qb));
    Json sent_b = m.last_sent();
    CHECK(sent_a["id"] != sent_b["id"]);
    CHECK(sent_b["params"]["name"] == "b");

    // Answered in the other order: each reaches its own caller, with the caller's id.
    m.channel->push(jsonrpc::make_result(sent_b["id"], {{"content", "for b"}}).dump());
    m.channel->push(jsonrpc::make_result(sent_a["id"], {{"content", "for a"}}).dump());
    Json got_b = co_await next_message(*qb);
    Json got_a = co_await next_message(*qa);
    CHECK(got_a == jsonrpc::make_result(1, {{"content", "for a"}}));
    CHECK(got_b == jsonrpc::make_result(1, {{"content", "for b"}}));
  }());
}

TEST_CASE("progress reaches the caller whose token it carries, under that caller's token", "[session][shared]") {
  test::run_async([]() -> awaitable<void> {
    Multiplexer m;
    auto ec = co_await m.open();
    REQUIRE_FALSE(ec);
    auto qa = std::make_shared<SharedSession::Queue>();
    auto qb = std::make_shared<SharedSession::Queue>();
    REQUIRE(m.session->start(
        jsonrpc::make_request("a", "tools/call", {{"name", "slow"}, {"_meta", {{"progressToken", "tok"}}}}), qa));
    Json sent_a = m.last_sent();
    REQUIRE(m.session->start(
        jsonrpc::make_request("b", "tools/call", {{"name", "slow"}, {"_meta", {{"progressToken", "tok"}}}}), qb));
    Json sent_b = m.last_sent();
    Json upstream_token_b = sent_b["params"]["_meta"]["progressToken"];
    CHECK(upstream_token_b != sent_a["params"]["_meta"]["progressToken"]);

    m.channel->push(jsonrpc::make_notification("notifications/progress",
                                               {{"progressToken", upstream_token_b}, {"progress", 1}})
                        .dump());
    Json progress = co_await next_message(*qb);
    CHECK(progress["method"] == "notifications/progress");
    CHECK(progress["params"]["progressToken"] == "tok");
    m.channel->push(jsonrpc::make_result(sent_b["id"], Json::object()).dump());
    Json done_b = co_await next_message(*qb);
    CHECK(done_b["id"] == "b");
    // Nothing of b's reached a.
    auto none = co_await qa->pop(20ms);
    CHECK_FALSE(none);
  }());
}

TEST_CASE("an upstream that ends fails every call in flight as closed, not as a failed hop", "[session][shared]") {
  test::run_async([]() -> awaitable<void> {
    Multiplexer m;
    auto ec = co_await m.open();
    REQUIRE_FALSE(ec);
    auto qa = std::make_shared<SharedSession::Queue>();
    auto qb = std::make_shared<SharedSession::Queue>();
    REQUIRE(m.session->start(jsonrpc::make_request(7, "tools/call", {{"name", "a"}}), qa));
    REQUIRE(m.session->start(jsonrpc::make_request("x", "prompts/get", {{"name", "p"}}), qb));
    m.channel->fail(make_error_code(Errc::upstream_exited), "exit code 3");
    Json failed_a = co_await next_message(*qa);
    Json failed_b = co_await next_message(*qb);
    CHECK(failed_a["id"] == 7);
    CHECK(failed_b["id"] == "x");
    CHECK(failed_a["error"]["code"] == jsonrpc::code::server_error);
    CHECK(jsonrpc::reason_of(failed_a["error"]) == jsonrpc::kUpstreamClosed);
    CHECK(jsonrpc::is_no_answer(failed_b["error"]));
    CHECK_FALSE(jsonrpc::is_hop_failure(failed_b["error"]));
    auto after_a = co_await qa->pop(20ms);
    CHECK_FALSE(after_a);
    CHECK(qa->closed());
  }());
}
