#include "core/limits/call_slots.hpp"

#include <catch2/catch.hpp>

#include <boost/asio/steady_timer.hpp>

#include "tests/unit/run_async.hpp"

using mcpgw::awaitable;
using mcpgw::limits::CallSlots;
using mcpgw::test::run_async;
using namespace std::chrono_literals;

namespace {

awaitable<std::vector<std::string>> scenario() {
  auto ex = co_await mcpgw::asio::this_coro::executor;
  CallSlots slots(ex, 1);
  std::vector<std::string> log;
  auto first = co_await slots.acquire("a", 0ms);
  log.push_back(first.held() ? "first" : "-");
  auto other = co_await slots.acquire("b", 0ms);  // another upstream: its own slots
  log.push_back(other.held() ? "other" : "-");
  auto late = co_await slots.acquire("a", 20ms);  // times out: the first still holds it
  log.push_back(late.held() ? "late" : "busy");
  // A waiter gets the slot the moment it is given back.
  mcpgw::asio::steady_timer later(ex, 10ms);
  later.async_wait([&](auto) { first = CallSlots::Slot(); });
  auto waiter = co_await slots.acquire("a", 1000ms);
  log.push_back(waiter.held() ? "handed over" : "busy");
  log.push_back(std::to_string(slots.load("a").first));
  co_return log;
}

}  // namespace

TEST_CASE("call slots cap calls per upstream, hand a freed slot to a waiter and refuse after the wait", "[limits][slots]") {
  auto log = run_async(scenario());
  CHECK(log == std::vector<std::string>{"first", "other", "busy", "handed over", "1"});
}
