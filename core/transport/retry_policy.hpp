#pragma once

#include <chrono>
#include <string_view>

namespace mcpgw::transport {

/// How a message to a remote server failed, as far as sending it again is concerned.
enum class SendFailure {
  not_sent,         // never reached the server (connect refused, DNS, TLS, a write that failed)
  lost_in_flight,   // written in full, then the connection broke before an answer
  server_error,     // the server answered 429 or 5xx
};

/// When a failed message goes again, and after how long. Plain values; no I/O.
struct RetryPolicy {
  int max_attempts = 4;                           // sends in all, the first one included
  std::chrono::milliseconds first_delay{250};
  std::chrono::milliseconds max_delay{4000};

  /// The wait before send number `attempt` + 1 (attempt ≥ 1): doubling from first_delay.
  std::chrono::milliseconds delay(int attempt) const;
};

/// Whether a message with `method` ("" for responses) may be sent again after `failure`.
/// tools/call is not idempotent: it goes again only when the server cannot have seen it.
bool may_resend(std::string_view method, SendFailure failure);

/// Whether `status` is worth another try for a message that may go twice.
inline bool is_transient_status(int status) {
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

}  // namespace mcpgw::transport
