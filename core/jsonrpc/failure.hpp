#pragma once

#include <string_view>

#include "core/jsonrpc/message.hpp"

namespace mcpgw::jsonrpc {

/// What went wrong, in mcpgw's words, as a peer is told it. Each kind has one row in
/// failure.cpp: its JSON-RPC code, the HTTP status when the failure refuses the HTTP request
/// itself, and the error.data.reason that tells it apart from kinds sharing its code. The codes
/// are the spec's, or the TypeScript SDK's where clients depend on the value (-32000, -32001).
enum class Failure {
  // JSON-RPC 2.0
  parse_error,
  invalid_request,
  method_not_found,
  invalid_params,
  internal_error,
  // the hop to the upstream server failed (not delivered, or no answer came back): never the
  // client's fault, and never the tool's; data.reason "transport"
  upstream_failed,
  // the session with the upstream ended before the answer came (a child that exited, a stream
  // that closed); the next call opens a new one; data.reason "closed"
  upstream_closed,
  timed_out,               // no answer within the time allowed
  session_not_found,       // an Mcp-Session-Id or SSE session we do not know, or that ended
  session_required,        // a request other than initialize without Mcp-Session-Id
  not_acceptable,          // the Accept header rules out every answer we could give
  unsupported_media_type,  // a POST body that is not application/json
  stream_taken,            // a second standalone stream for one session
  origin_rejected,         // Origin/Host failed the DNS-rebinding check
  too_many_sessions,       // the server holds as many sessions as it may
  unavailable,             // what the request names is disabled or gone (a virtual server, a gateway)
  resource_not_found,      // resources/read of a URI nobody serves (legacy revisions)
  circuit_open,            // the upstream's circuit breaker is open: not sent
  upstream_busy,           // every call slot of the upstream stayed taken: not sent
  rate_limited,            // a rate limit (per user or per tool) refused it: not sent
  // 2026-07-28
  header_mismatch,
  missing_client_capability,
  unsupported_protocol_version,
};

/// One row of the table.
struct FailureRow {
  int code;                 // error.code
  int http_status;          // when the failure refuses the HTTP request itself
  std::string_view reason;  // error.data.reason, "" when the code says it all
};

const FailureRow& row_of(Failure failure);

/// The error object {code, message[, data]} of a failure (what answers a peer's request, inside
/// {"error": …}); `data` (an object, or null) gains the row's reason.
Json error_object(Failure failure, std::string_view message, Json data = nullptr);

/// A JSON-RPC error response for `id`; `data` (an object, or null) gains the row's reason.
Json make_failure(const Json& id, Failure failure, std::string_view message, Json data = nullptr);

/// error.data.reason of Failure::upstream_failed and Failure::upstream_closed.
inline constexpr std::string_view kHopFailed = "transport";
inline constexpr std::string_view kUpstreamClosed = "closed";

/// error.data.reason of an error object (the value of "error"), or "" when it has none.
std::string_view reason_of(const Json& error);

/// Whether an error object says the hop to the upstream failed (Failure::upstream_failed), as
/// opposed to an error the upstream server itself sent, whatever its code.
inline bool is_hop_failure(const Json& error) { return reason_of(error) == kHopFailed; }

/// Whether an error object was made by mcpgw because no answer could come from the upstream at
/// all: the hop failed, or the session with it ended (Failure::upstream_closed).
inline bool is_no_answer(const Json& error) {
  auto reason = reason_of(error);
  return reason == kHopFailed || reason == kUpstreamClosed;
}

}  // namespace mcpgw::jsonrpc
