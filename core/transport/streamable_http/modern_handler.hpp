#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>

#include "core/http/exchange.hpp"
#include "core/session/shared_upstream.hpp"

namespace mcpgw::transport::streamable_http {

struct ModernOptions {
  bool json_response = false;
  long cache_ttl_ms = 0;                        // ttlMs on cacheable results
  std::chrono::seconds keep_alive{15};
  std::chrono::seconds request_timeout{300};
  std::chrono::seconds input_timeout{300};      // how long a requestState stays answerable
};

/// Serves 2026-07-28 (stateless) requests on the streamable HTTP endpoint in front of a legacy
/// upstream session the gateway owns: answers server/discover from the upstream's initialize
/// result, shapes results for the modern era, and turns the upstream's sampling, elicitation
/// and roots requests into input_required results whose requestState resumes the held call.
/// Lives on one executor.
class ModernHandler {
 public:
  ModernHandler(ModernOptions options, std::shared_ptr<session::SharedUpstream> upstream);

  /// `request` is a parsed, valid JSON-RPC message whose era is modern.
  awaitable<void> handle(http::Exchange& exchange, jsonrpc::Json request);

 private:
  struct Held {
    std::shared_ptr<session::SharedUpstream::Call> call;
    std::map<std::string, jsonrpc::Json> input_keys;   // inputRequests key → upstream request id
    jsonrpc::Json client_capabilities;
    std::chrono::steady_clock::time_point expires;
  };

  awaitable<void> discover(http::Exchange& exchange, const jsonrpc::Json& request);
  awaitable<void> listen(http::Exchange& exchange, const jsonrpc::Json& request);
  awaitable<void> resume(http::Exchange& exchange, const jsonrpc::Json& request);
  awaitable<void> follow(http::Exchange& exchange, std::shared_ptr<session::SharedUpstream::Call> call,
                         jsonrpc::Json client_capabilities, std::string log_level);
  awaitable<void> follow_call(http::Exchange& exchange, std::shared_ptr<session::SharedUpstream::Call> call,
                              jsonrpc::Json client_capabilities, std::string log_level);
  void expire_held();

  ModernOptions options_;
  std::shared_ptr<session::SharedUpstream> upstream_;
  std::unordered_map<std::string, Held> held_;   // by requestState
};

}  // namespace mcpgw::transport::streamable_http
