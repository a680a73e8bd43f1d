#pragma once

#include <string_view>

#include "core/http/exchange.hpp"
#include "core/http/origin_check.hpp"

namespace mcpgw::http {

/// Lets a browser at the request's Origin read the response (and the MCP headers), when
/// `origins` allows that origin.
void allow_cors(Exchange& exchange, const OriginCheck& origins);

/// Answers a CORS preflight (OPTIONS) for MCP endpoints: 204 with the methods given and the
/// headers MCP clients send.
awaitable<void> respond_preflight(Exchange& exchange, std::string_view methods);

}  // namespace mcpgw::http
