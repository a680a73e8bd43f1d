#include "core/async/signal.hpp"

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <catch2/catch.hpp>

#include "tests/unit/run_async.hpp"

using namespace mcpgw;
using namespace std::chrono_literals;
using namespace boost::asio::experimental::awaitable_operators;
using Clock = std::chrono::steady_clock;

namespace {

awaitable<void> notify_after(async::Signal& signal, Clock::duration delay) {
  co_await async::Signal().wait(delay);
  signal.notify();
}

}  // namespace

TEST_CASE("notify wakes every current waiter", "[async][signal]") {
  async::Signal signal;
  auto start = Clock::now();
  auto [a, b, c] = test::run_async([&]() -> awaitable<std::tuple<bool, bool, bool>> {
    co_return co_await (notify_after(signal, 20ms) &&
                        (signal.wait(5s) && signal.wait(5s) && signal.wait(5s)));
  }());
  CHECK(a);
  CHECK(b);
  CHECK(c);
  CHECK(Clock::now() - start < 2s);
}

TEST_CASE("wait returns false when its limit passes first", "[async][signal]") {
  async::Signal signal;
  auto start = Clock::now();
  CHECK_FALSE(test::run_async(signal.wait(30ms)));
  CHECK(Clock::now() - start >= 30ms);
}

TEST_CASE("a notify with nobody waiting is not remembered", "[async][signal]") {
  async::Signal signal;
  signal.notify();
  CHECK_FALSE(test::run_async(signal.wait(20ms)));
}
