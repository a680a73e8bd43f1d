#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>

#include "core/http/exchange.hpp"
#include "core/protocol/tool_headers.hpp"
#include "core/session/shared_session.hpp"

namespace mcpgw::transport::streamable_http {

struct ModernOptions {
  bool json_response = false;
  long cache_ttl_ms = 0;                        // ttlMs on cacheable results
  std::chrono::seconds keep_alive{15};
  std::chrono::seconds request_timeout{300};
  std::chrono::seconds input_timeout{300};      // how long a requestState stays answerable
};

/// Serves 2026-07-28 (stateless) requests on the streamable HTTP endpoint. In front of a modern
/// upstream (SharedSession::modern()) requests and answers pass through unchanged, ids
/// remapped. In front of a legacy upstream session the gateway owns it answers server/discover
/// from the upstream's initialize result, shapes results for the modern era, and turns the
/// upstream's sampling, elicitation and roots requests into input_required results whose
/// requestState resumes the held call.
/// Lives on one executor.
class ModernHandler {
 public:
  ModernHandler(ModernOptions options, std::shared_ptr<session::SharedSession> upstream);

  /// `request` is a parsed, valid JSON-RPC message whose era is modern.
  awaitable<void> handle(http::Exchange& exchange, jsonrpc::Json request);

  /// In front of a legacy upstream session that fans out to upstreams of both eras (serve's
  /// gateways): requests for which `passes` is true go on unchanged, as to a modern upstream.
  void set_pass_through(std::function<bool(const jsonrpc::Json& request)> passes) { passes_ = std::move(passes); }

 private:
  struct Held {
    std::shared_ptr<session::SharedSession::Call> call;
    std::map<std::string, jsonrpc::Json> input_keys;   // inputRequests key → upstream request id
    jsonrpc::Json client_capabilities;
    std::chrono::steady_clock::time_point expires;
  };

  /// Lists the upstream's tools (as `like`, a client request, would) to learn their x-mcp-header
  /// annotations; bounded by pages and the request timeout. Failures leave nothing learned.
  awaitable<void> learn_tools(const jsonrpc::Json& like);
  void learn_from(const std::string& method, const jsonrpc::Json& response);
  /// A modern upstream: the request and its answer pass unchanged (ids remapped per hop).
  awaitable<void> pass_through(http::Exchange& exchange, jsonrpc::Json request);
  awaitable<void> relay_modern(http::Exchange& exchange, std::shared_ptr<session::SharedSession::Call> call);
  awaitable<void> discover(http::Exchange& exchange, const jsonrpc::Json& request);
  awaitable<void> listen(http::Exchange& exchange, const jsonrpc::Json& request);
  awaitable<void> resume(http::Exchange& exchange, const jsonrpc::Json& request);
  awaitable<void> follow(http::Exchange& exchange, std::shared_ptr<session::SharedSession::Call> call,
                         jsonrpc::Json client_capabilities, std::string log_level);
  awaitable<void> follow_call(http::Exchange& exchange, std::shared_ptr<session::SharedSession::Call> call,
                              jsonrpc::Json client_capabilities, std::string log_level);
  void expire_held();
  /// Whether `request` resumes a call held here (its requestState is one of ours).
  bool resumes_held(const jsonrpc::Json& request) const;

  ModernOptions options_;
  std::shared_ptr<session::SharedSession> upstream_;
  std::function<bool(const jsonrpc::Json&)> passes_;
  std::unordered_map<std::string, Held> held_;   // by requestState
  protocol::ToolHeaders tool_headers_;          // learned from the upstream's tools/list results
  std::chrono::steady_clock::time_point last_learned_{};
};

}  // namespace mcpgw::transport::streamable_http
