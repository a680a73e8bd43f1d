#include "core/transport/retry_policy.hpp"

#include <algorithm>

namespace mcpgw::transport {

std::chrono::milliseconds RetryPolicy::delay(int attempt) const {
  auto d = first_delay;
  for (int i = 1; i < attempt && d < max_delay; ++i) d *= 2;
  return std::min(d, max_delay);
}

bool may_resend(std::string_view method, SendFailure failure) {
  if (failure == SendFailure::not_sent) return true;
  // A tool call may have side effects the server already carried out; everything else the
  // client sends (lists, reads, gets, initialize, notifications, answers) is safe to repeat.
  return method != "tools/call";
}

}  // namespace mcpgw::transport
