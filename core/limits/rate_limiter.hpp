#pragma once

#include <chrono>
#include <string>
#include <unordered_map>

namespace mcpgw::limits {

/// What a RateLimiter said about one call against one limit. Times are whole seconds, rounded
/// up, as HTTP's Retry-After and the IETF RateLimit header fields carry them.
struct RateDecision {
  bool allowed = true;
  int limit = 0;            // calls per minute (RateLimit-Policy's q, with w=60)
  int remaining = 0;        // calls that could still go through at once (RateLimit's r)
  int reset_seconds = 0;    // until the whole quota is back (RateLimit's t)
  int retry_after_seconds = 0;  // refused: until one call would be let through
};

/// Calls-per-minute limits by key (a user, a tool), counted with GCRA, the generic cell rate
/// algorithm: a token bucket that holds a minute's quota and refills one call every
/// 60 s / limit, kept as one "theoretical arrival time" per key. A burst of `limit` calls goes
/// through at once, the next one only after a refill: never more than `limit` calls in a
/// minute after a full bucket, exactly, whatever the concurrency (one thread uses it).
/// Idle keys are dropped once their bucket is full again.
class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  /// Whether one more call under `key` fits `per_minute` (> 0) at `now`; nothing is counted.
  RateDecision check(const std::string& key, int per_minute, Clock::time_point now) const;
  /// Counts the call that `check` allowed.
  void take(const std::string& key, int per_minute, Clock::time_point now);

  std::size_t keys() const { return arrival_.size(); }

 private:
  void sweep(Clock::time_point now);

  std::unordered_map<std::string, Clock::time_point> arrival_;  // theoretical arrival time per key
  Clock::time_point next_sweep_{};
};

}  // namespace mcpgw::limits
