#pragma once

#include <algorithm>
#include <chrono>
#include <vector>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>

#include "core/async/awaitable.hpp"

namespace mcpgw::async {

/// A wake-up for coroutines on one executor: notify() wakes every current waiter, which then
/// re-checks its condition. Not thread-safe: use from the owning executor only.
class Signal {
 public:
  Signal() = default;
  Signal(const Signal&) = delete;
  Signal& operator=(const Signal&) = delete;
  ~Signal() { notify(); }

  void notify() {
    for (auto* t : waiters_) t->cancel();
    waiters_.clear();
  }

  /// Waits for the next notify(), at most `limit`. Returns false when the limit passed first.
  awaitable<bool> wait(std::chrono::steady_clock::duration limit = std::chrono::hours(24 * 365)) {
    asio::steady_timer timer(co_await asio::this_coro::executor, limit);
    waiters_.push_back(&timer);
    auto [ec] = co_await timer.async_wait(use_nothrow);
    // On a timeout (or our own cancellation) we are still registered.
    waiters_.erase(std::remove(waiters_.begin(), waiters_.end(), &timer), waiters_.end());
    co_return ec == asio::error::operation_aborted;
  }

 private:
  std::vector<asio::steady_timer*> waiters_;
};

}  // namespace mcpgw::async
