#include "core/http/cors.hpp"

namespace mcpgw::http {

void allow_cors(Exchange& exchange, const OriginCheck& origins) {
  std::string_view origin = exchange.header("Origin");
  if (origin.empty() || !origins.origin_allowed(origin)) return;
  exchange.add_response_header("Access-Control-Allow-Origin", std::string(origin));
  exchange.add_response_header("Access-Control-Expose-Headers", "Mcp-Session-Id, MCP-Protocol-Version");
  exchange.add_response_header("Vary", "Origin");
}

awaitable<void> respond_preflight(Exchange& exchange, std::string_view methods) {
  Response response{bhttp::status::no_content, 11};
  response.set("Access-Control-Allow-Methods", methods);
  response.set("Access-Control-Allow-Headers",
               "Content-Type, Authorization, Accept, Mcp-Session-Id, MCP-Protocol-Version, Last-Event-ID, "
               "Mcp-Method, Mcp-Name");
  response.set("Access-Control-Max-Age", "86400");
  co_await exchange.respond(std::move(response));
}

}  // namespace mcpgw::http
