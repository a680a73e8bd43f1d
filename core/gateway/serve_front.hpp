#pragma once

#include <memory>
#include <string>
#include <unordered_map>

#include "core/gateway/call_admission.hpp"
#include "core/gateway/federation.hpp"
#include "core/gateway/metrics.hpp"
#include "core/gateway/request_auth.hpp"
#include "core/gateway/rest_api.hpp"
#include "core/http/exchange.hpp"
#include "core/http/origin_check.hpp"
#include "core/session/session_table.hpp"

namespace mcpgw::gateway {

struct FrontOptions {
  std::string host = "127.0.0.1";           // for the DNS-rebinding check
  std::vector<std::string> allowed_origins;
  std::string root_path;                    // APP_ROOT_PATH: "" or "/prefix"
  std::chrono::seconds keep_alive{30};
  std::chrono::seconds request_timeout{300};
  std::string database;                     // for /version
  std::chrono::seconds session_ttl{3600};   // idle client sessions end after this
  std::size_t max_sessions = 1000;          // more client sessions get 503 (0: no limit)
  bool admin_api = true;                    // MCPGATEWAY_ADMIN_API_ENABLED: the REST API
  RateLimitOptions rate_limits;             // RATE_LIMITING_ENABLED and its limits
  CatalogEntries catalog;                   // GET /catalog; nullptr: MCPGATEWAY_CATALOG_ENABLED false
};

/// The HTTP face of `serve`: DNS-rebinding checks, /health and /ready (open), auth, then the
/// MCP endpoints (/mcp, /sse, /message, /servers/<id>/mcp|sse|message, /rpc; sessions belong to
/// the token's subject), and the REST API under /v1/... and unprefixed (writes for admins only).
/// Lives on the network executor.
class ServeFront {
 public:
  ServeFront(const asio::any_io_executor& ex, FrontOptions options, Federation& federation, Metrics& metrics,
             RequestAuth& auth);
  ~ServeFront();

  awaitable<void> handle(http::Exchange& exchange);
  void set_ready(bool ready) { ready_ = ready; }
  session::SessionTable& sessions() { return sessions_; }
  /// Ends every client session (shutdown).
  awaitable<void> close_all();

 private:
  struct Endpoint;

  Endpoint& endpoint(const std::string& server_id);
  /// A VirtualServerSession for one client session; `exchange` (absent for the shared modern session)
  /// is the request that opened it, whose headers passthrough_headers may forward.
  boost::system::result<std::shared_ptr<transport::Channel>> new_channel(const std::string& server_id,
                                                                         const http::Exchange* exchange);
  awaitable<void> rpc(http::Exchange& exchange);
  /// {"status"} only; with `detail`, gateway counts, unreachable gateways and sessions too.
  awaitable<void> health(http::Exchange& exchange, bool detail);
  awaitable<void> version(http::Exchange& exchange);
  /// The scope of a server card path (/.well-known/mcp/server-card.json, /mcp/server-card,
  /// and both under /servers/<id>): "" for the whole gateway, a server id, or nullptr.
  static const std::string* server_card_scope(const std::vector<std::string>& segments);
  awaitable<void> server_card(http::Exchange& exchange, const std::string& server_id);
  awaitable<void> metrics(http::Exchange& exchange);
  awaitable<bool> mcp(http::Exchange& exchange, const std::vector<std::string>& segments);
  /// Rate limits on the calls a POST to an MCP endpoint carries: false when refused (429 sent).
  awaitable<bool> admit_calls(http::Exchange& exchange, const std::string& server_id);

  asio::any_io_executor ex_;
  FrontOptions options_;
  Federation& federation_;
  Metrics& metrics_;
  RequestAuth& auth_;
  RestApi rest_;
  http::OriginCheck origins_;
  session::SessionTable sessions_;
  CallAdmission admission_;
  std::unordered_map<std::string, std::unique_ptr<Endpoint>> endpoints_;
  bool ready_ = false;
};

}  // namespace mcpgw::gateway
