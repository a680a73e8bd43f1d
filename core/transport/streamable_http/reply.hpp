#pragma once

#include <string>
#include <string_view>

#include "core/http/exchange.hpp"

namespace mcpgw::transport::streamable_http {

/// The answer to one POSTed request: plain JSON when the final message is all there is, an SSE
/// stream from the first message that must go out before it. Owned by the request's handler.
class Reply {
 public:
  Reply(http::Exchange& exchange, bool json_only) : exchange_(exchange), json_only_(json_only) {}

  /// A message before the answer (progress, a log line, a server request); dropped in JSON-only mode.
  awaitable<error_code> notify(std::string_view message);
  /// The final answer; `status` applies only when nothing was streamed before it.
  awaitable<error_code> finish(std::string message, int status = 200);
  /// Ends the exchange with no answer (a cancelled request): 202 with no content, or the end of
  /// the stream when one has begun.
  awaitable<error_code> abandon();
  bool streaming() const { return streaming_; }

 private:
  http::Exchange& exchange_;
  bool json_only_;
  bool streaming_ = false;
};

}  // namespace mcpgw::transport::streamable_http
