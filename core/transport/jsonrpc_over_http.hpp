#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <boost/beast/http/status.hpp>

#include "core/http/exchange.hpp"
#include "core/jsonrpc/failure.hpp"
#include "core/jsonrpc/message.hpp"

namespace mcpgw::transport {

/// JSON-RPC carried in an HTTP exchange, as both MCP server transports (streamable HTTP and the
/// legacy SSE one) read and answer it.

/// The POST body as JSON-RPC (one message or a batch), moved into `raw`; nullopt after
/// answering 400 with the parse error.
awaitable<std::optional<jsonrpc::Json>> read_jsonrpc_body(http::Exchange& exchange, std::string& raw);

/// The -32600 answer to a request that reuses the id of one still in flight in its session.
jsonrpc::Json id_in_use(const jsonrpc::Json& id);

/// Refuses the HTTP request: the failure's JSON-RPC error object with its HTTP status
/// (jsonrpc/failure.cpp's table).
awaitable<void> respond_failure(http::Exchange& exchange, const jsonrpc::Json& id, jsonrpc::Failure failure,
                                std::string_view message);

/// Answers a request that was taken, with a JSON-RPC error: HTTP 200, as every legacy answer.
awaitable<void> respond_in_band(http::Exchange& exchange, const jsonrpc::Json& id, jsonrpc::Failure failure,
                                std::string_view message);

/// Answers 503 with Retry-After: the server holds as many sessions as it may.
awaitable<void> respond_sessions_full(http::Exchange& exchange, const jsonrpc::Json& id);

}  // namespace mcpgw::transport
