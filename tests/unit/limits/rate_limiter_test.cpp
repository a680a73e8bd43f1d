#include "core/limits/rate_limiter.hpp"

#include <catch2/catch.hpp>

using mcpgw::limits::RateLimiter;
using namespace std::chrono_literals;

TEST_CASE("a full bucket lets exactly the limit through at once, then one per refill", "[limits][rate]") {
  RateLimiter limiter;
  const auto t0 = RateLimiter::Clock::now();
  int passed = 0;
  for (int i = 0; i < 25; ++i) {
    auto d = limiter.check("u", 10, t0);
    if (d.allowed) {
      limiter.take("u", 10, t0);
      ++passed;
    }
  }
  CHECK(passed == 10);
  auto refused = limiter.check("u", 10, t0);
  CHECK_FALSE(refused.allowed);
  CHECK(refused.remaining == 0);
  CHECK(refused.retry_after_seconds == 6);  // 60 s / 10
  CHECK(refused.reset_seconds == 60);
  CHECK_FALSE(limiter.check("u", 10, t0 + 5999ms).allowed);
  CHECK(limiter.check("u", 10, t0 + 6s).allowed);
  CHECK(limiter.check("other", 10, t0).allowed);  // keys never share
}

TEST_CASE("checking counts nothing; remaining and reset describe the bucket after the call", "[limits][rate]") {
  RateLimiter limiter;
  const auto t0 = RateLimiter::Clock::now();
  for (int i = 0; i < 100; ++i) CHECK(limiter.check("u", 3, t0).allowed);
  auto first = limiter.check("u", 3, t0);
  CHECK(first.remaining == 2);
  CHECK(first.reset_seconds == 20);
  limiter.take("u", 3, t0);
  CHECK(limiter.check("u", 3, t0).remaining == 1);
}

TEST_CASE("idle keys are forgotten once their bucket is full again", "[limits][rate]") {
  RateLimiter limiter;
  const auto t0 = RateLimiter::Clock::now();
  for (int i = 0; i < 50; ++i) limiter.take("u" + std::to_string(i), 60, t0);
  CHECK(limiter.keys() == 50);
  limiter.take("late", 60, t0 + 2min);
  CHECK(limiter.keys() == 1);
}
