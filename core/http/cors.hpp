#pragma once

#include <string_view>

#include "core/http/exchange.hpp"
#include "core/http/origin_check.hpp"

namespace mcpgw::http {

/// Lets a browser at the request's Origin read the response (and the MCP headers), when
/// `origins` allows that origin.
void allow_cors(Exchange& exchange, const OriginCheck& origins);

/// Answers OPTIONS: 204 with `Allow: methods`; for a CORS preflight from an origin `origins`
/// allows, also the methods and the request headers it asked for (each a valid field name), or
/// the headers MCP clients send when it asked for none. Other origins get no CORS fields.
awaitable<void> respond_preflight(Exchange& exchange, const OriginCheck& origins, std::string_view methods);

/// Whether `list` is a comma-separated list of field names (RFC 9110 5.1 tokens).
bool is_field_name_list(std::string_view list);

}  // namespace mcpgw::http
