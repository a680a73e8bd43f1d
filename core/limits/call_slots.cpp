#include "core/limits/call_slots.hpp"

#include <algorithm>

namespace mcpgw::limits {

CallSlots::Slot& CallSlots::Slot::operator=(Slot&& other) noexcept {
  if (this != &other) {
    release();
    pool_ = std::exchange(other.pool_, nullptr);
    unlimited_ = other.unlimited_;
  }
  return *this;
}

void CallSlots::Slot::release() {
  if (auto* pool = std::exchange(pool_, nullptr)) pool->release();
}

awaitable<CallSlots::Slot> CallSlots::acquire(const std::string& upstream, std::chrono::milliseconds wait) {
  if (capacity_ <= 0) co_return Slot::unlimited();
  Pool& pool = pools_[upstream];
  if (pool.in_use < capacity_ && pool.waiters.empty()) {
    ++pool.in_use;
    co_return Slot(&pool);
  }
  auto waiter = std::make_shared<Waiter>(ex_);
  waiter->timer.expires_after(wait);
  pool.waiters.push_back(waiter);
  co_await waiter->timer.async_wait(use_nothrow);
  if (waiter->granted) co_return Slot(&pool);  // handed over by release(): in_use already counts it
  // Timed out (or cancelled): leave the queue.
  auto& waiters = pool.waiters;
  waiters.erase(std::remove(waiters.begin(), waiters.end(), waiter), waiters.end());
  co_return Slot();
}

void CallSlots::Pool::release() {
  while (!waiters.empty()) {
    auto next = std::move(waiters.front());
    waiters.pop_front();
    if (next->granted) continue;
    next->granted = true;
    next->timer.cancel();
    return;  // the slot passes to `next` as it is
  }
  --in_use;
}

std::pair<int, std::size_t> CallSlots::load(const std::string& upstream) const {
  auto found = pools_.find(upstream);
  if (found == pools_.end()) return {0, 0};
  return {found->second.in_use, found->second.waiters.size()};
}

}  // namespace mcpgw::limits
