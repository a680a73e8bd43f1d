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

/// The MCP endpoint of the streamable HTTP transport, legacy shape (2025-03-26 … 2025-11-25):
/// POST carries one message, GET opens the standalone stream, DELETE ends the session.
/// Each session gets its own upstream. Requests of the stateless era (2026-07-28) go to `modern`
/// when given. Lives on one executor.
class Server {
 public:
  /// With `stateless`, legacy requests go there too and no session is ever opened.
  Server(ServerOptions options, ServerChannelFactory factory, session::SessionTable& sessions,
         ModernHandler* modern = nullptr, StatelessHandler* stateless = nullptr);

  awaitable<void> handle(http::Exchange& exchange);

 private:
  awaitable<void> handle_post(http::Exchange& exchange);
  awaitable<void> dispatch_post(http::Exchange& exchange, jsonrpc::Json message, std::string raw);
  awaitable<void> handle_get(http::Exchange& exchange);
  awaitable<void> handle_delete(http::Exchange& exchange);
  awaitable<void> handle_batch(http::Exchange& exchange, jsonrpc::Json batch);
  awaitable<void> initialize(http::Exchange& exchange, const jsonrpc::Json& request, std::string raw);
  awaitable<void> answer_request(http::Exchange& exchange, session::ClientSession& session, jsonrpc::Envelope request);
  /// Answers a GET with Last-Event-ID from the session's event log; false if it cannot.
  awaitable<bool> resume(http::Exchange& exchange, session::ClientSession& session, std::string_view last_event_id);
  /// The session named by Mcp-Session-Id, or nullptr after answering 400/404.
  awaitable<std::shared_ptr<session::ClientSession>> require_session(http::Exchange& exchange);

  ServerOptions options_;
  ServerChannelFactory factory_;
  session::SessionTable& sessions_;
  ModernHandler* modern_;
  StatelessHandler* stateless_;
};

}  // namespace mcpgw::transport::streamable_http
