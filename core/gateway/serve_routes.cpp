#include "core/gateway/serve_routes.hpp"

#include <array>

namespace mcpgw::gateway {

namespace {

struct Route {
  std::string_view pattern;  // segments joined by '/', "*" matching any one segment
  std::string_view methods;
  bool rest;                 // part of the REST API (MCPGATEWAY_ADMIN_API_ENABLED)
};

constexpr std::string_view kGet = "GET, HEAD, OPTIONS";
constexpr std::string_view kPost = "POST, OPTIONS";
constexpr std::string_view kCollection = "GET, HEAD, POST, OPTIONS";
constexpr std::string_view kEntity = "GET, HEAD, PUT, DELETE, OPTIONS";

// Keep beside ServeFront::handle and RestApi::handle, which dispatch on the same paths.
constexpr std::array kRoutes = {
    Route{"health", "GET, HEAD", false},
    Route{"healthz", "GET, HEAD", false},
    Route{"ready", "GET, HEAD", false},
    Route{"version", kGet, false},
    Route{"metrics", kGet, false},
    Route{"mcp", "GET, POST, DELETE, OPTIONS", false},
    Route{"sse", "GET, OPTIONS", false},
    Route{"message", kPost, false},
    Route{"rpc", kPost, false},
    Route{"servers/*/mcp", "GET, POST, DELETE, OPTIONS", false},
    Route{"servers/*/sse", "GET, OPTIONS", false},
    Route{"servers/*/message", kPost, false},
    Route{".well-known/mcp/server-card.json", kGet, false},
    Route{"mcp/server-card", kGet, false},
    Route{"servers/*/.well-known/mcp/server-card.json", kGet, false},
    Route{"servers/*/mcp/server-card", kGet, false},
    Route{"gateways", kCollection, true},
    Route{"gateways/*", kEntity, true},
    Route{"gateways/*/state", kPost, true},
    Route{"gateways/*/toggle", kPost, true},
    Route{"gateways/*/tools/refresh", kPost, true},
    Route{"servers", kCollection, true},
    Route{"servers/*", kEntity, true},
    Route{"servers/*/tools", kGet, true},
    Route{"servers/*/resources", kGet, true},
    Route{"servers/*/prompts", kGet, true},
    Route{"servers/*/state", kPost, true},
    Route{"servers/*/toggle", kPost, true},
    Route{"tools", kCollection, true},
    Route{"resources", kCollection, true},
    Route{"prompts", kCollection, true},
    Route{"resources/templates", kGet, true},
    Route{"resources/templates/*", kEntity, true},
    Route{"tools/openapi", kPost, true},
    Route{"tools/*", kEntity, true},
    Route{"resources/*", kEntity, true},
    Route{"prompts/*", "GET, HEAD, POST, PUT, DELETE, OPTIONS", true},
    Route{"prompts/*/versions", kGet, true},
    Route{"prompts/*/rollback", kPost, true},
    Route{"tools/*/state", kPost, true},
    Route{"tools/*/toggle", kPost, true},
    Route{"resources/*/state", kPost, true},
    Route{"resources/*/toggle", kPost, true},
    Route{"prompts/*/state", kPost, true},
    Route{"prompts/*/toggle", kPost, true},
    Route{"tokens/revoke", kPost, true},
    Route{"export", kGet, true},
    Route{"export/selective", kPost, true},
    Route{"import", kPost, true},
    Route{"catalog", kGet, true},
    Route{"catalog/*/register", kPost, true},
};

bool matches(std::string_view pattern, const std::vector<std::string>& segments) {
  std::size_t i = 0;
  while (!pattern.empty()) {
    auto slash = pattern.find('/');
    std::string_view part = pattern.substr(0, slash);
    if (i >= segments.size() || (part != "*" && part != segments[i])) return false;
    ++i;
    pattern.remove_prefix(slash == std::string_view::npos ? pattern.size() : slash + 1);
  }
  return i == segments.size();
}

}  // namespace

std::string_view route_methods(const std::vector<std::string>& segments, bool admin_api) {
  // The first match wins, so literal paths ("resources/templates") come before "resources/*".
  for (const auto& route : kRoutes) {
    if ((admin_api || !route.rest) && matches(route.pattern, segments)) return route.methods;
  }
  return {};
}

}  // namespace mcpgw::gateway
