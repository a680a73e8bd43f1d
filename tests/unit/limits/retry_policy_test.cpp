#include "core/limits/retry_policy.hpp"

#include <catch2/catch.hpp>

using mcpgw::limits::parse_retry_after;
using mcpgw::limits::RetryPolicy;
using namespace std::chrono_literals;

TEST_CASE("backoff doubles from the base delay up to the maximum, with jitter in its upper half", "[limits][retry]") {
  RetryPolicy p{5, 100ms, 1000ms};
  for (int i = 0; i < 200; ++i) {
    auto first = p.backoff(1), third = p.backoff(3), tenth = p.backoff(10);
    CHECK(first >= 50ms);
    CHECK(first <= 100ms);
    CHECK(third >= 200ms);
    CHECK(third <= 400ms);
    CHECK(tenth >= 500ms);
    CHECK(tenth <= 1000ms);
  }
  CHECK(p.honour(1s) == 1000ms);
  CHECK_FALSE(p.honour(2s).has_value());
}

TEST_CASE("Retry-After is delay-seconds or an IMF-fixdate", "[limits][retry]") {
  const auto now = std::chrono::system_clock::from_time_t(784111777);  // Sun, 06 Nov 1994 08:49:37 GMT
  CHECK(parse_retry_after("120", now) == 120s);
  CHECK(parse_retry_after(" 0 ", now) == 0s);
  CHECK(parse_retry_after("Sun, 06 Nov 1994 08:50:07 GMT", now) == 30s);
  CHECK(parse_retry_after("Sun, 06 Nov 1994 08:49:00 GMT", now) == 0s);  // past: at once
  CHECK_FALSE(parse_retry_after("", now));
  CHECK_FALSE(parse_retry_after("-5", now));
  CHECK_FALSE(parse_retry_after("soon", now));
  CHECK_FALSE(parse_retry_after("Sun, 06 Foo 1994 08:50:07 GMT", now));
  CHECK_FALSE(parse_retry_after("Sun, 06 Nov 1994 08:50:07 PST", now));
  CHECK(parse_retry_after("99999999999999999999999", now) == std::chrono::seconds(INT32_MAX));
}
