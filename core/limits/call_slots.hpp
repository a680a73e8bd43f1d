#pragma once

#include <chrono>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>

#include <boost/asio/steady_timer.hpp>

#include "core/async/awaitable.hpp"

namespace mcpgw::limits {

/// A cap on the calls in flight per upstream (MAX_CONCURRENT_CALLS_PER_GATEWAY): a call takes a
/// slot of its upstream for as long as it runs; when all are taken it waits, first come first
/// served, for at most a bound, then is refused. Upstreams never share slots, so a slow one
/// cannot hold up calls to another. One thread uses it (serve's network executor).
class CallSlots {
 public:
  /// `capacity` 0: no cap (acquire never waits).
  CallSlots(const asio::any_io_executor& ex, int capacity) : ex_(ex), capacity_(capacity) {}

  /// A taken slot, given back (to the next waiter, if any) when destroyed.
  struct Pool;
  class Slot {
   public:
    Slot() = default;
    explicit Slot(Pool* pool) : pool_(pool) {}
    Slot(Slot&& other) noexcept : pool_(std::exchange(other.pool_, nullptr)), unlimited_(other.unlimited_) {}
    Slot& operator=(Slot&& other) noexcept;
    ~Slot() { release(); }
    bool held() const { return pool_ != nullptr || unlimited_; }
    static Slot unlimited() {
      Slot s;
      s.unlimited_ = true;
      return s;
    }

   private:
    void release();
    Pool* pool_ = nullptr;
    bool unlimited_ = false;
  };

  /// A slot of `upstream`, waiting up to `wait` for one; a Slot that is not held() when none
  /// came free in time.
  awaitable<Slot> acquire(const std::string& upstream, std::chrono::milliseconds wait);

  /// Calls holding a slot of `upstream` and calls waiting for one.
  std::pair<int, std::size_t> load(const std::string& upstream) const;
  int capacity() const { return capacity_; }

  struct Waiter {
    explicit Waiter(const asio::any_io_executor& ex) : timer(ex) {}
    asio::steady_timer timer;
    bool granted = false;
  };
  /// One upstream's slots. Kept once made (one per upstream that was ever called), so that
  /// taking and giving back a slot allocates nothing; map nodes never move.
  struct Pool {
    int in_use = 0;
    std::deque<std::shared_ptr<Waiter>> waiters;
    void release();
  };

 private:
  asio::any_io_executor ex_;
  int capacity_;
  std::unordered_map<std::string, Pool> pools_;
};

}  // namespace mcpgw::limits
