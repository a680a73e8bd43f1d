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
///
/// Each waiter is registered by an object in its own coroutine frame, linked both ways with the
/// Signal: a frame that ends, resumed or destroyed unresumed when its io_context goes away,
/// takes itself off the list, and a Signal that is notified or destroyed first lets go of its
/// waiters. Neither side ever reaches the other after it is gone.
class Signal {
 public:
  Signal() = default;
  Signal(const Signal&) = delete;
  Signal& operator=(const Signal&) = delete;
  ~Signal() { notify(); }

  void notify() {
    if (waiters_.empty()) return;
    auto waiting = std::move(waiters_);
    waiters_.clear();
    for (auto* w : waiting) {
      w->signal = nullptr;
      w->timer->cancel();
    }
  }

  /// Waits for the next notify(), at most `limit`. Returns false when the limit passed first.
  awaitable<bool> wait(std::chrono::steady_clock::duration limit = std::chrono::hours(24 * 365)) {
    asio::steady_timer timer(co_await asio::this_coro::executor, limit);
    Waiter waiter(this, &timer);
    auto [ec] = co_await timer.async_wait(use_nothrow);
    co_return ec == asio::error::operation_aborted;
  }

 private:
  struct Waiter {
    Waiter(Signal* s, asio::steady_timer* t) : signal(s), timer(t) { signal->waiters_.push_back(this); }
    Waiter(const Waiter&) = delete;
    Waiter& operator=(const Waiter&) = delete;
    ~Waiter() {
      if (!signal) return;
      auto& list = signal->waiters_;
      list.erase(std::remove(list.begin(), list.end(), this), list.end());
    }
    Signal* signal;  // null once the Signal let go of this waiter
    asio::steady_timer* timer;
  };

  std::vector<Waiter*> waiters_;
};

}  // namespace mcpgw::async
