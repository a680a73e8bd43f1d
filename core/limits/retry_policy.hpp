#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace mcpgw::limits {

/// When to try again what is safe to try again (RETRY_MAX_ATTEMPTS, RETRY_BASE_DELAY_MS,
/// RETRY_MAX_DELAY_MS): exponential backoff with "equal jitter", so that many callers that
/// failed together do not come back together.
struct RetryPolicy {
  int max_attempts = 3;  // tries in all; 1 = no retry
  std::chrono::milliseconds base_delay{200};
  std::chrono::milliseconds max_delay{10000};

  /// The pause after failed try number `attempt` (1-based): half of min(max, base·2^(attempt-1))
  /// plus a random part of the other half.
  std::chrono::milliseconds backoff(int attempt) const;
  /// The pause after a 429/503 that asked for `retry_after`: that, or nullopt when it is longer
  /// than max_delay (the caller gives the answer back instead of waiting).
  std::optional<std::chrono::milliseconds> honour(std::chrono::seconds retry_after) const;
};

/// A Retry-After header's value (RFC 9110 §10.2.3): delay-seconds, or an HTTP-date turned into
/// the seconds from now; nullopt when it is neither.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value,
                                                      std::chrono::system_clock::time_point now);

}  // namespace mcpgw::limits
