#include "core/async/message_queue.hpp"

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <catch2/catch.hpp>

#include "tests/unit/run_async.hpp"

using namespace mcpgw;
using namespace std::chrono_literals;
using namespace boost::asio::experimental::awaitable_operators;
using Clock = std::chrono::steady_clock;
using async::MessageQueue;

TEST_CASE("a full queue refuses pushes until a pop makes room", "[async][queue]") {
  MessageQueue queue(2);
  CHECK(queue.push("a"));
  CHECK(queue.push("b"));
  CHECK_FALSE(queue.push("c"));
  CHECK(test::run_async(queue.pop()) == "a");
  CHECK(queue.push("c"));
  CHECK(test::run_async(queue.pop()) == "b");
  CHECK(test::run_async(queue.pop()) == "c");
}

TEST_CASE("a closed queue refuses pushes but drains, then pops nullopt", "[async][queue]") {
  MessageQueue queue;
  queue.push("a");
  queue.push("b");
  queue.close();
  CHECK(queue.closed());
  CHECK_FALSE(queue.push("c"));
  CHECK(test::run_async(queue.pop()) == "a");
  CHECK(test::run_async(queue.pop()) == "b");
  auto start = Clock::now();
  CHECK(test::run_async(queue.pop()) == std::nullopt);
  CHECK(Clock::now() - start < 1s);
}

TEST_CASE("pop with a limit returns nullopt when nothing arrives in time", "[async][queue]") {
  MessageQueue queue;
  auto start = Clock::now();
  CHECK(test::run_async(queue.pop(30ms)) == std::nullopt);
  CHECK(Clock::now() - start >= 30ms);
  CHECK_FALSE(queue.closed());
}

TEST_CASE("a waiting pop wakes for a push or a close", "[async][queue]") {
  MessageQueue queue;
  auto later = [&](bool close) -> awaitable<void> {
    co_await async::Signal().wait(20ms);
    if (close) {
      queue.close();
    } else {
      queue.push("late");
    }
  };
  auto pop_while = [&](bool close) {
    return test::run_async([&]() -> awaitable<std::optional<jsonrpc::Envelope>> {
      co_return co_await (queue.pop(5s) && later(close));
    }());
  };
  auto start = Clock::now();
  SECTION("push") { CHECK(pop_while(false) == "late"); }
  SECTION("close") { CHECK(pop_while(true) == std::nullopt); }
  CHECK(Clock::now() - start < 2s);
}
