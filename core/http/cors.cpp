#include "core/http/cors.hpp"

namespace mcpgw::http {

namespace {

bool is_tchar(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

}  // namespace

bool is_field_name_list(std::string_view list) {
  bool any = false;
  bool in_name = false;
  bool after_name = false;  // a name ended with whitespace; only a comma may follow
  for (unsigned char c : list) {
    if (c == ',') {
      in_name = after_name = false;
    } else if (c == ' ' || c == '\t') {
      if (in_name) after_name = true;
      in_name = false;
    } else if (is_tchar(c) && !after_name) {
      in_name = any = true;
    } else {
      return false;
    }
  }
  return any;
}

void allow_cors(Exchange& exchange, const OriginCheck& origins) {
  std::string_view origin = exchange.header("Origin");
  if (origin.empty() || !origins.origin_allowed(origin)) return;
  exchange.add_response_header("Access-Control-Allow-Origin", std::string(origin));
  exchange.add_response_header("Access-Control-Expose-Headers", "Mcp-Session-Id, MCP-Protocol-Version");
  exchange.add_response_header("Vary", "Origin");
}

awaitable<void> respond_preflight(Exchange& exchange, const OriginCheck& origins, std::string_view methods) {
  Response response{bhttp::status::no_content, 11};
  response.set(bhttp::field::allow, methods);
  std::string_view origin = exchange.header("Origin");
  if (!origin.empty() && origins.origin_allowed(origin)) {
    // The answer depends on what was asked, so a cache must key on it too (added last, so it
    // replaces allow_cors's Vary).
    exchange.add_response_header("Vary", "Origin, Access-Control-Request-Headers");
    response.set("Access-Control-Allow-Methods", methods);
    // 2026-07-28 clients send Mcp-Param-* headers, and serve forwards listed passthrough headers:
    // the browser asks for what it will send, and an allowed origin may send any valid name.
    std::string_view asked = exchange.header("Access-Control-Request-Headers");
    if (asked.empty()) {
      response.set("Access-Control-Allow-Headers",
                   "Content-Type, Authorization, Accept, Mcp-Session-Id, MCP-Protocol-Version, Last-Event-ID, "
                   "Mcp-Method, Mcp-Name");
    } else if (is_field_name_list(asked)) {
      response.set("Access-Control-Allow-Headers", asked);
    }
    response.set("Access-Control-Max-Age", "86400");
  }
  co_await exchange.respond(std::move(response));
}

}  // namespace mcpgw::http
