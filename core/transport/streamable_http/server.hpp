#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

#include <boost/system/result.hpp>

#include "core/http/exchange.hpp"
#include "core/session/session_table.hpp"
#include "core/transport/channel.hpp"
#include "core/transport/streamable_http/modern_handler.hpp"
#include "core/transport/streamable_http/stateless_handler.hpp"

namespace mcpgw::transport::streamable_http {

struct ServerOptions {
  bool json_response = false;                  // answer requests with JSON only, never SSE
  std::chrono::seconds keep_alive{15};         // SSE comment interval
  std::chrono::seconds request_timeout{300};   // silence from upstream before a request fails
};

/// Opens the upstream for a new session; may read the request's headers (header-to-env).
using UpstreamFactory = std::function<boost::system::result<std::shared_ptr<Channel>>(const http::Exchange&)>;

/// The MCP endpoint of the streamable HTTP transport, legacy shape (2025-03-26 … 2025-11-25):
/// POST carries one message, GET opens the standalone stream, DELETE ends the session.
/// Each session gets its own upstream. Requests of the stateless era (2026-07-28) go to `modern`
/// when given. Lives on one executor.
class Server {
 public:
  /// With `stateless`, legacy requests go there too and no session is ever opened.
  Server(ServerOptions options, UpstreamFactory factory, session::SessionTable& sessions,
         ModernHandler* modern = nullptr, StatelessHandler* stateless = nullptr);

  awaitable<void> handle(http::Exchange& exchange);

 private:
  awaitable<void> handle_post(http::Exchange& exchange);
  awaitable<void> dispatch_post(http::Exchange& exchange, jsonrpc::Json message, std::string raw);
  awaitable<void> handle_get(http::Exchange& exchange);
  awaitable<void> handle_delete(http::Exchange& exchange);
  awaitable<void> handle_batch(http::Exchange& exchange, jsonrpc::Json batch);
  awaitable<void> initialize(http::Exchange& exchange, const jsonrpc::Json& request, std::string raw);
  awaitable<void> answer_request(http::Exchange& exchange, session::BridgeSession& session,
                                 const jsonrpc::Json& request, std::string raw);
  /// Answers a GET with Last-Event-ID from the session's event log; false if it cannot.
  awaitable<bool> resume(http::Exchange& exchange, session::BridgeSession& session, std::string_view last_event_id);
  /// The session named by Mcp-Session-Id, or nullptr after answering 400/404.
  awaitable<std::shared_ptr<session::BridgeSession>> require_session(http::Exchange& exchange);

  ServerOptions options_;
  UpstreamFactory factory_;
  session::SessionTable& sessions_;
  ModernHandler* modern_;
  StatelessHandler* stateless_;
};

/// The POST body as JSON-RPC (one message or a batch), moved into `raw`; nullopt after
/// answering 400 with the parse error.
awaitable<std::optional<jsonrpc::Json>> read_jsonrpc_body(http::Exchange& exchange, std::string& raw);

/// The -32600 answer to a request that reuses the id of one still in flight in its session.
jsonrpc::Json id_in_use(const jsonrpc::Json& id);

/// Answers with a JSON-RPC error object and the given HTTP status.
awaitable<void> respond_error(http::Exchange& exchange, boost::beast::http::status status,
                              const jsonrpc::Json& id, int code, std::string_view message);

/// Answers 503 with Retry-After: the server holds as many sessions as it may.
awaitable<void> respond_sessions_full(http::Exchange& exchange, const jsonrpc::Json& id);

}  // namespace mcpgw::transport::streamable_http
