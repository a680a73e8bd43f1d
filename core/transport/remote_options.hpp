#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/http/destination_policy.hpp"
#include "core/http/url.hpp"
#include "core/transport/retry_policy.hpp"

namespace mcpgw::transport {

/// How to reach a remote MCP server over HTTP (streamable HTTP or legacy SSE).
struct RemoteOptions {
  http::Url url;
  std::vector<std::pair<std::string, std::string>> headers;   // sent on every request (auth, custom)
  std::chrono::seconds connect_timeout{10};
  std::chrono::seconds stream_idle_timeout{600};             // silence on an open SSE stream
  bool sse_fallback = true;                                  // try legacy SSE when streamable HTTP is refused
  bool open_standalone_stream = true;                        // GET stream for server-initiated messages
  bool reinitialize = true;                                  // renew an expired session by replaying initialize
  int max_resume_attempts = 5;
  RetryPolicy retry;                                         // transient failures (see may_resend)
  /// Marks each server request that arrives on a request's own response stream with that
  /// request's id under params._meta[kRelatedRequestMeta], so a gateway sharing one session
  /// among many clients can hand it to the right one (SharedSession strips the mark).
  bool tag_related_requests = false;
  /// Where requests may go (SSRF policy), checked on each resolved address; null = anywhere.
  std::shared_ptr<const http::DestinationPolicy> destinations;
};

inline constexpr const char* kRelatedRequestMeta = "mcpgw/relatedRequest";

}  // namespace mcpgw::transport
