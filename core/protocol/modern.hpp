#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/jsonrpc/message.hpp"

namespace mcpgw::protocol {

using jsonrpc::Json;

/// A message's `params._meta[key]` (requests and notifications alike), or null when absent.
const Json* meta_field(const Json& message, std::string_view key);

/// The revision a request names in `_meta["io.modelcontextprotocol/protocolVersion"]`, or "".
std::string meta_protocol_version(const Json& request);

/// A request that speaks the stateless era: it carries its revision in _meta.
inline bool is_modern_request(const Json& request) { return !meta_protocol_version(request).empty(); }

/// The modern client's capabilities (from _meta), or an empty object.
Json meta_client_capabilities(const Json& request);

/// A refused HTTP request: the status and the JSON-RPC error body to send.
struct HttpRejection {
  int status;
  Json body;
};

/// 2026-07-28 transports: MCP-Protocol-Version must match _meta, Mcp-Method the method, and
/// Mcp-Name the tool/prompt name or resource URI (-32020 on mismatch); an unknown revision is
/// -32022 with the supported list. `header` returns a request header's value or "".
std::optional<HttpRejection> check_modern_http_request(
    const Json& request, const std::function<std::string_view(std::string_view)>& header);

/// 2026-07-28 transports: the HTTP status a final JSON-RPC error travels with.
int http_status_for_error(int code);

/// The body's value that Mcp-Name must equal, or nullopt when the method has none.
std::optional<std::string> mcp_name_of(const Json& request);

/// Decodes the `=?base64?…?=` sentinel form of a header value; other values come back as they are.
std::string decode_header_value(std::string_view value);
/// decode_header_value() for a server that must validate: nullopt when the value has the
/// sentinel form but its payload is not valid Base64 (bad padding, characters outside the alphabet).
std::optional<std::string> decode_header_value_checked(std::string_view value);
/// 2026-07-28 transports, value encoding: a value that is not plain visible ASCII (non-ASCII,
/// control characters, leading or trailing whitespace) or that looks like the sentinel travels
/// as `=?base64?…?=`; any other value as it is.
std::string encode_header_value(std::string_view value);

/// Methods whose results carry ttlMs/cacheScope in the modern era.
bool is_cacheable_method(std::string_view method);
/// Methods that the modern era removed (answered with -32601).
bool is_removed_in_modern(std::string_view method);
/// Methods that may answer with an input_required result.
bool may_require_input(std::string_view method);

/// Removes the modern-only _meta keys from a request's params before a legacy peer sees them.
void strip_modern_meta(Json& request);

/// Turns a legacy result into its modern shape for `method`: resultType, cache hints, serverInfo.
void to_modern_result(std::string_view method, Json& result, const Json& server_info, long ttl_ms);
/// Turns a legacy error into its modern shape (resource not found: -32002 → -32602).
void to_modern_error(Json& error);

/// The server/discover result built from a legacy upstream's initialize result.
Json discover_from_initialize(const Json& initialize_result, long ttl_ms);

/// -32022 for a revision we do not speak, listing the ones we do.
Json unsupported_version_error(const Json& id, std::string_view requested);

}  // namespace mcpgw::protocol
