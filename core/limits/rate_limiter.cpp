#include "core/limits/rate_limiter.hpp"

#include <algorithm>

namespace mcpgw::limits {
namespace {

using Duration = RateLimiter::Clock::duration;

Duration interval_of(int per_minute) { return std::chrono::duration_cast<Duration>(std::chrono::minutes(1)) / per_minute; }

int whole_seconds_up(Duration d) {
  if (d <= Duration::zero()) return 0;
  auto s = std::chrono::ceil<std::chrono::seconds>(d);
  return static_cast<int>(s.count());
}

}  // namespace

RateDecision RateLimiter::check(const std::string& key, int per_minute, Clock::time_point now) const {
  const Duration interval = interval_of(per_minute);
  const Duration window = interval * per_minute;
  auto found = arrival_.find(key);
  const Clock::time_point tat = found == arrival_.end() ? now : std::max(found->second, now);
  const Duration used_after = tat + interval - now;  // the bucket's debt if this call goes through
  RateDecision d;
  d.limit = per_minute;
  d.allowed = used_after <= window;
  if (d.allowed) {
    d.remaining = static_cast<int>((window - used_after) / interval);
    d.reset_seconds = whole_seconds_up(used_after);
  } else {
    d.remaining = 0;
    d.reset_seconds = whole_seconds_up(tat - now);
    d.retry_after_seconds = std::max(1, whole_seconds_up(used_after - window));
  }
  return d;
}

void RateLimiter::take(const std::string& key, int per_minute, Clock::time_point now) {
  auto [it, fresh] = arrival_.try_emplace(key, now);
  it->second = std::max(it->second, now) + interval_of(per_minute);
  if (now >= next_sweep_) sweep(now);
}

void RateLimiter::sweep(Clock::time_point now) {
  // A key whose arrival time has passed has a full bucket: forgetting it changes nothing.
  std::erase_if(arrival_, [now](const auto& entry) { return entry.second <= now; });
  next_sweep_ = now + std::chrono::seconds(10);
}

}  // namespace mcpgw::limits
