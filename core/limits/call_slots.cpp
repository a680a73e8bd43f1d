#include "core/limits/call_slots.hpp"

#include <algorithm>

namespace mcpgw::limits {

CallSlots::Slot& CallSlots::Slot::operator=(Slot&& other) noexcept {
  if (this != &other) {
    release();
    owner_ = std::exchange(other.owner_, nullptr);
    upstream_ = std::move(other.upstream_);
    unlimited_ = other.unlimited_;
  }
  return *this;
}

void CallSlots::Slot::release() {
  if (auto* owner = std::exchange(owner_, nullptr)) owner->release(upstream_);
}

awaitable<CallSlots::Slot> CallSlots::acquire(const std::string& upstream, std::chrono::milliseconds wait) {
  if (capacity_ <= 0) co_return Slot::unlimited();
  Pool& pool = pools_[upstream];
  if (pool.in_use < capacity_ && pool.waiters.empty()) {
    ++pool.in_use;
    co_return Slot(this, upstream);
  }
  auto waiter = std::make_shared<Waiter>(ex_);
  waiter->timer.expires_after(wait);
  pool.waiters.push_back(waiter);
  co_await waiter->timer.async_wait(use_nothrow);
  if (waiter->granted) co_return Slot(this, upstream);  // handed over by release(): in_use already counts it
  // Timed out (or cancelled): leave the queue. `pool` may have moved: look it up again.
  auto& waiters = pools_[upstream].waiters;
  waiters.erase(std::remove(waiters.begin(), waiters.end(), waiter), waiters.end());
  co_return Slot();
}

void CallSlots::release(const std::string& upstream) {
  auto found = pools_.find(upstream);
  if (found == pools_.end()) return;
  Pool& pool = found->second;
  while (!pool.waiters.empty()) {
    auto next = std::move(pool.waiters.front());
    pool.waiters.pop_front();
    if (next->granted) continue;
    next->granted = true;
    next->timer.cancel();
    return;  // the slot passes to `next` as it is
  }
  if (--pool.in_use <= 0) pools_.erase(found);
}

std::pair<int, std::size_t> CallSlots::load(const std::string& upstream) const {
  auto found = pools_.find(upstream);
  if (found == pools_.end()) return {0, 0};
  return {found->second.in_use, found->second.waiters.size()};
}

}  // namespace mcpgw::limits
