#include "core/session/client_session.hpp"

#include <functional>

#include <boost/asio/this_coro.hpp>
#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "core/jsonrpc/failure.hpp"
#include "core/transport/stdio/child_process.hpp"
#include "tests/unit/run_async.hpp"
#include "tests/unit/session/fake_channel.hpp"

using namespace mcpgw;
using namespace std::chrono_literals;
using jsonrpc::Json;
using session::ClientSession;
using session::Queue;

namespace {

struct Fixture {
  std::shared_ptr<test::FakeChannel> upstream = std::make_shared<test::FakeChannel>();
  std::shared_ptr<ClientSession> session = std::make_shared<ClientSession>("s1", upstream);

  /// Sends a client request with a fresh queue for what comes back.
  std::shared_ptr<Queue> request(const Json& id, bool accepts_related, Json params = nullptr) {
    auto queue = std::make_shared<Queue>();
    Json message = jsonrpc::make_request(id, "tools/call", std::move(params));
    CHECK_FALSE(session->send_request(message, queue, accepts_related));
    return queue;
  }
};

/// The next message on `queue`, parsed; fails the test if none comes within a second.
awaitable<Json> next(Queue& queue) {
  auto message = co_await queue.pop(1s);
  REQUIRE(message);
  co_return Json::parse(message->text());
}

/// Runs `body` against a started session on a fake upstream, then closes the session.
void with_session(const std::function<awaitable<void>(Fixture&)>& body) {
  test::run_async([&]() -> awaitable<void> {
    Fixture b;
    b.session->start(co_await asio::this_coro::executor);
    co_await body(b);
    co_await b.session->close();
  }());
}

std::string server_request(const char* id) {
  return jsonrpc::make_request(id, "sampling/createMessage", Json::object()).dump();
}

}  // namespace

TEST_CASE("a response goes to its request's queue, which then closes", "[session][client_session]") {
  with_session([](Fixture& b) -> awaitable<void> {
    auto by_number = b.request(1, false);
    auto by_string = b.request("1", false);
    CHECK(b.upstream->sent.size() == 2);
    CHECK(b.session->in_flight() == 2);

    b.upstream->push(jsonrpc::make_result("1", {{"from", "string id"}}).dump());
    Json got = co_await next(*by_string);
    CHECK(got["result"]["from"] == "string id");
    auto after_close = co_await by_string->pop(1s);
    CHECK(after_close == std::nullopt);
    CHECK(by_string->closed());
    CHECK(by_number->empty());
    CHECK_FALSE(by_number->closed());

    b.upstream->push(jsonrpc::make_result(1, {{"from", "number id"}}).dump());
    got = co_await next(*by_number);
    CHECK(got["id"] == 1);
    CHECK(got["result"]["from"] == "number id");
    CHECK(by_number->closed());
    CHECK(b.session->in_flight() == 0);
  });
}

TEST_CASE("progress goes to the request that carries its token", "[session][client_session]") {
  with_session([](Fixture& b) -> awaitable<void> {
    auto owner = b.request(1, true, {{"_meta", {{"progressToken", "tok"}}}});
    auto newer = b.request(2, true);
    Json progress = {{"progressToken", "tok"}, {"progress", 1}};
    b.upstream->push(jsonrpc::make_notification("notifications/progress", progress).dump());
    Json got = co_await next(*owner);
    CHECK(got["params"]["progress"] == 1);
    CHECK(newer->empty());
  });
}

TEST_CASE("a server request goes to the newest in-flight streaming request", "[session][client_session]") {
  with_session([](Fixture& b) -> awaitable<void> {
    auto older = b.request(1, true);
    auto newest_streaming = b.request(2, true);
    auto newest_plain = b.request(3, false);
    b.session->attach_stream(std::make_shared<Queue>());
    b.upstream->push(server_request("s1"));
    Json got = co_await next(*newest_streaming);
    CHECK(got["id"] == "s1");
    CHECK(older->empty());
    CHECK(newest_plain->empty());
    CHECK(b.session->stream_queue()->empty());
  });
}

TEST_CASE("with no streaming request, server messages go to the stream or wait for one",
          "[session][client_session]") {
  with_session([](Fixture& b) -> awaitable<void> {
    auto plain = b.request(1, false);
    auto stream = std::make_shared<Queue>();
    b.session->attach_stream(stream);
    b.upstream->push(server_request("s1"));
    Json got = co_await next(*stream);
    CHECK(got["id"] == "s1");

    b.session->detach_stream(stream.get());
    CHECK_FALSE(b.session->has_stream());
    b.upstream->push(server_request("s2"));
    b.upstream->push(jsonrpc::make_notification("notifications/message", Json::object()).dump());
    // Messages are routed in order, so once this response arrives both above were handled.
    b.upstream->push(jsonrpc::make_result(1, Json::object()).dump());
    co_await next(*plain);
    CHECK(stream->empty());

    auto later = std::make_shared<Queue>();
    b.session->attach_stream(later);
    CHECK_FALSE(later->empty());  // delivered at attach
    got = co_await next(*later);
    CHECK(got["id"] == "s2");
    got = co_await next(*later);
    CHECK(got["method"] == "notifications/message");
  });
}

TEST_CASE("a failed channel answers every pending request with its own id and the reason",
          "[session][client_session]") {
  with_session([](Fixture& b) -> awaitable<void> {
    auto first = b.request(7, false);
    auto second = b.request("abc", true, {{"_meta", {{"progressToken", 1}}}});
    b.upstream->fail(make_error_code(Errc::upstream_exited), "exit code 3; last stderr: boom");
    std::vector<std::pair<std::shared_ptr<Queue>, Json>> expected{{first, 7}, {second, "abc"}};
    for (auto& [queue, id] : expected) {
      Json got = co_await next(*queue);
      CHECK(got["id"] == id);
      CHECK(got["error"]["code"] == jsonrpc::code::server_error);
      CHECK(jsonrpc::reason_of(got["error"]) == jsonrpc::kUpstreamClosed);
      CHECK_THAT(got["error"]["message"].get<std::string>(),
                 Catch::Contains("exit code 3") && Catch::Contains("boom"));
      CHECK(queue->closed());
    }
    CHECK(b.session->closed());
    CHECK(b.session->send_request(jsonrpc::make_request(8, "ping"), std::make_shared<Queue>(), false) ==
          Errc::upstream_exited);
  });
}

TEST_CASE("a forgotten request's late response is discarded", "[session][client_session]") {
  with_session([](Fixture& b) -> awaitable<void> {
    auto forgotten = b.request(5, true);
    b.session->forget_request(5);
    CHECK(b.session->in_flight() == 0);
    auto stream = std::make_shared<Queue>();
    b.session->attach_stream(stream);
    b.upstream->push(jsonrpc::make_result(5, Json::object()).dump());
    b.upstream->push(server_request("after"));
    Json got = co_await next(*stream);
    CHECK(got["id"] == "after");
    CHECK(forgotten->empty());
    CHECK_FALSE(forgotten->closed());
    CHECK(stream->empty());
  });
}

TEST_CASE("closing the session answers pending requests and closes the upstream",
          "[session][client_session]") {
  with_session([](Fixture& b) -> awaitable<void> {
    auto pending = b.request(1, false);
    co_await b.session->close();
    Json got = co_await next(*pending);
    CHECK(got["id"] == 1);
    CHECK(got["error"]["code"] == jsonrpc::code::server_error);
    CHECK(jsonrpc::reason_of(got["error"]) == jsonrpc::kUpstreamClosed);
    CHECK(b.upstream->closed);
    CHECK(b.session->closed());
  });
}

TEST_CASE("a request reusing an id in flight is refused and the first keeps its answer", "[session][client_session]") {
  with_session([](Fixture& b) -> awaitable<void> {
    auto first = b.request(7, false);
    auto thief = std::make_shared<Queue>();
    Json again = jsonrpc::make_request(7, "tools/call", Json::object());
    CHECK(b.session->send_request(again, thief, false) == Errc::request_id_in_use);
    CHECK(b.upstream->sent.size() == 1);  // the repeat never reached the upstream
    b.upstream->push(jsonrpc::make_result(7, {{"whose", "first"}}).dump());
    Json got = co_await next(*first);
    CHECK(got["result"]["whose"] == "first");
    CHECK(thief->empty());
    // Answered, the id is free again.
    auto later = b.request(7, false);
    CHECK(b.session->in_flight() == 1);
  });
}

TEST_CASE("a cancelled request is retired: its queue closes empty and a late answer is dropped",
          "[session][client_session]") {
  with_session([](Fixture& b) -> awaitable<void> {
    auto pending = b.request(8, true, {{"_meta", {{"progressToken", "t8"}}}});
    Json cancel = jsonrpc::make_notification("notifications/cancelled", {{"requestId", 8}, {"reason", "user"}});
    CHECK_FALSE(b.session->send(cancel));
    CHECK(b.upstream->sent.back() == cancel.dump());  // the upstream hears of it too
    CHECK(b.session->in_flight() == 0);
    CHECK(pending->closed());
    CHECK(co_await pending->pop(100ms) == std::nullopt);
    auto stream = std::make_shared<Queue>();
    b.session->attach_stream(stream);
    b.upstream->push(jsonrpc::make_result(8, Json::object()).dump());
    b.upstream->push(server_request("after"));
    Json got = co_await next(*stream);
    CHECK(got["id"] == "after");
    CHECK(stream->empty());
  });
}

TEST_CASE("an upstream line nested too deep is dropped; the session goes on", "[session][client_session]") {
  with_session([](Fixture& b) -> awaitable<void> {
    auto pending = b.request(9, false);
    const std::size_t levels = 100000;
    b.upstream->push(R"({"jsonrpc":"2.0","id":9,"result":{"x":)" + std::string(levels, '[') + std::string(levels, ']') + "}}");
    b.upstream->push(jsonrpc::make_result(9, {{"ok", true}}).dump());
    Json got = co_await next(*pending);
    CHECK(got["result"]["ok"] == true);
  });
}

TEST_CASE("a request sent after the child died learns its exit code and stderr", "[session][client_session]") {
  test::run_async([]() -> awaitable<void> {
    // The child is gone before the first request: the send fails at once, not through pump().
    transport::stdio::ChildOptions options;
    options.argv = {"sh", "-c", "echo 'fatal: missing API key' >&2; exit 3"};
    auto child = transport::stdio::ChildProcess::spawn(co_await asio::this_coro::executor, options);
    REQUIRE(child.has_value());
    auto deadline = std::chrono::steady_clock::now() + 5s;
    while (!(*child)->exited() && std::chrono::steady_clock::now() < deadline) co_await async::Signal().wait(10ms);
    REQUIRE((*child)->exited());
    auto session = std::make_shared<ClientSession>("s1", *child);
    Json request = jsonrpc::make_request(1, "initialize");
    auto ec = session->send_request(request, std::make_shared<Queue>(), false);
    REQUIRE(ec == Errc::upstream_exited);
    std::string why = co_await session->upstream_failure(ec);
    CHECK_THAT(why, Catch::Contains("exit code 3") && Catch::Contains("fatal: missing API key"));
    co_await session->close();
  }());
}

TEST_CASE("a parsed request and its parsed answer cross the session without a parse or a serialization",
          "[session][client_session]") {
  // serve's path: the HTTP body was parsed once; the virtual server answers with a value.
  with_session([](Fixture& b) -> awaitable<void> {
    auto queue = std::make_shared<Queue>();
    CHECK_FALSE(b.session->send_request(jsonrpc::make_request(5, "tools/call", {{"name", "echo"}}), queue, false));
    REQUIRE(b.upstream->sent_parsed.size() == 1);
    CHECK(b.upstream->sent_parsed[0]);  // it reached the channel as a value
    b.upstream->push(jsonrpc::make_result(5, {{"content", Json::array()}}));
    auto answer = co_await queue->pop(1s);
    REQUIRE(answer);
    CHECK(answer->parsed());
    CHECK_FALSE(answer->serialized());  // the client's transport serializes it, once
    CHECK(answer->json()["id"] == 5);
  });
}

TEST_CASE("a child's line reaches its request's queue as the text it was", "[session][client_session]") {
  // translate's path: the line is parsed to route it and passed on as it came.
  with_session([](Fixture& b) -> awaitable<void> {
    auto queue = b.request(6, false);
    const std::string line = R"({"result":{"content":[]},  "jsonrpc":"2.0","id":6})";
    b.upstream->push(line);
    auto answer = co_await queue->pop(1s);
    REQUIRE(answer);
    CHECK(answer->serialized());
    CHECK(answer->text() == line);
  });
}
