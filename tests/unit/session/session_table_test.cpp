#include "core/session/session_table.hpp"

#include <catch2/catch.hpp>

#include "tests/unit/run_async.hpp"
#include "tests/unit/session/fake_channel.hpp"

using namespace mcpgw;
using namespace std::chrono_literals;
using session::ClientSession;
using session::SessionTable;

namespace {

std::shared_ptr<ClientSession> make_session(std::string id,
                                            std::shared_ptr<test::FakeChannel> upstream = nullptr) {
  if (!upstream) upstream = std::make_shared<test::FakeChannel>();
  return std::make_shared<ClientSession>(std::move(id), std::move(upstream));
}

}  // namespace

TEST_CASE("sessions are found by id until removed", "[session][table]") {
  SessionTable table;
  auto a = make_session("a");
  table.insert(a);
  table.insert(make_session("b"));
  CHECK(table.size() == 2);
  CHECK(table.find("a") == a);
  CHECK(table.find("c") == nullptr);
  CHECK(table.remove("a") == a);
  CHECK(table.find("a") == nullptr);
  CHECK(table.remove("a") == nullptr);
  CHECK(table.size() == 1);
}

TEST_CASE("a closed session is not found", "[session][table]") {
  SessionTable table;
  auto a = make_session("a");
  table.insert(a);
  test::run_async(a->close());
  CHECK(table.find("a") == nullptr);
}

TEST_CASE("sweep drops idle and closed sessions but keeps busy ones", "[session][table]") {
  SessionTable table(0s);
  auto idle_upstream = std::make_shared<test::FakeChannel>();
  auto idle = make_session("idle", idle_upstream);
  auto streaming = make_session("streaming");
  auto waiting = make_session("waiting");
  streaming->attach_stream(std::make_shared<session::Queue>());
  auto request = jsonrpc::make_request(1, "tools/call");
  CHECK_FALSE(
      waiting->send_request(request, std::make_shared<session::Queue>(), false));
  auto dead = make_session("dead");
  for (auto& s : {idle, streaming, waiting, dead}) table.insert(s);

  test::run_async([&]() -> awaitable<void> {
    co_await dead->close();
    co_await async::Signal().wait(20ms);  // past the zero TTL
    co_await table.sweep();
  }());
  CHECK(table.find("idle") == nullptr);
  CHECK(table.remove("dead") == nullptr);
  CHECK(table.size() == 2);
  CHECK(idle->closed());
  CHECK(idle_upstream->closed);
  CHECK(table.find("streaming") == streaming);
  CHECK(table.find("waiting") == waiting);
}

TEST_CASE("an idle session past its TTL is not found, and is closed at once", "[session][table]") {
  SessionTable table(0s);
  auto upstream = std::make_shared<test::FakeChannel>();
  auto idle = make_session("idle", upstream);
  auto streaming = make_session("streaming");
  streaming->attach_stream(std::make_shared<session::Queue>());
  test::run_async([&]() -> awaitable<void> {
    auto ex = co_await asio::this_coro::executor;
    idle->start(ex);
    table.insert(idle);
    table.insert(streaming);
    co_await async::Signal().wait(20ms);  // past the zero TTL
    CHECK(table.find("idle") == nullptr);
    CHECK(table.size() == 1);
    co_await async::Signal().wait(20ms);  // the close runs in the background
    CHECK(idle->closed());
    CHECK(upstream->closed);
    CHECK(table.find("streaming") == streaming);  // an open stream keeps a session alive
  }());
}

TEST_CASE("the table is full at its cap, until a session ends or expires", "[session][table]") {
  SECTION("no cap") {
    SessionTable table(60s, 0);
    for (int i = 0; i < 50; ++i) table.insert(make_session(std::to_string(i)));
    CHECK_FALSE(table.full());
  }
  SECTION("a cap of two") {
    SessionTable table(60s, 2);
    CHECK_FALSE(table.full());
    table.insert(make_session("a"));
    CHECK_FALSE(table.full());
    table.insert(make_session("b"));
    CHECK(table.full());
    table.remove("a");
    CHECK_FALSE(table.full());
  }
  SECTION("expired and closed sessions make room") {
    SessionTable table(0s, 2);
    auto a = make_session("a");
    auto b = make_session("b");
    b->attach_stream(std::make_shared<session::Queue>());
    table.insert(a);
    table.insert(b);
    test::run_async([&]() -> awaitable<void> {
      a->start(co_await asio::this_coro::executor);
      co_await async::Signal().wait(20ms);
      CHECK_FALSE(table.full());  // "a" expired; "b" has a stream and stays
      CHECK(table.size() == 1);
      co_await async::Signal().wait(20ms);
      CHECK(a->closed());
    }());
  }
}
