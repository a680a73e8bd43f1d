#include "core/gateway/serve_routes.hpp"

#include <catch2/catch.hpp>

using mcpgw::gateway::route_methods;
using Segments = std::vector<std::string>;

TEST_CASE("each serve path has the methods its handler takes", "[gateway][routes]") {
  CHECK(route_methods(Segments{"health"}, true) == "GET, HEAD");
  CHECK(route_methods(Segments{"mcp"}, true) == "GET, POST, DELETE, OPTIONS");
  CHECK(route_methods(Segments{"servers", "s1", "sse"}, true) == "GET, OPTIONS");
  CHECK(route_methods(Segments{"gateways"}, true) == "GET, HEAD, POST, OPTIONS");
  CHECK(route_methods(Segments{"gateways", "g1"}, true) == "GET, HEAD, PUT, DELETE, OPTIONS");
  CHECK(route_methods(Segments{"gateways", "g1", "tools", "refresh"}, true) == "POST, OPTIONS");
  CHECK(route_methods(Segments{"resources", "templates"}, true) == "GET, HEAD, OPTIONS");
  CHECK(route_methods(Segments{"tools", "t1", "toggle"}, true) == "POST, OPTIONS");
  // A literal path before "tools/*": GET /tools/openapi is 405, not a lookup of a tool "openapi".
  CHECK(route_methods(Segments{"tools", "openapi"}, true) == "POST, OPTIONS");
  CHECK(route_methods(Segments{"tools", "t1"}, true) == "GET, HEAD, PUT, DELETE, OPTIONS");
  CHECK(route_methods(Segments{"tokens", "revoke"}, true) == "POST, OPTIONS");
}

TEST_CASE("paths no route serves have no methods, and REST routes need the admin API", "[gateway][routes]") {
  CHECK(route_methods(Segments{}, true).empty());
  CHECK(route_methods(Segments{"nowhere"}, true).empty());
  CHECK(route_methods(Segments{"gateways", "g1", "tools"}, true).empty());
  CHECK(route_methods(Segments{"tokens"}, true).empty());
  CHECK(route_methods(Segments{"gateways"}, false).empty());
  CHECK(route_methods(Segments{"servers", "s1"}, false).empty());
  CHECK(route_methods(Segments{"servers", "s1", "mcp"}, false) == "GET, POST, DELETE, OPTIONS");
  CHECK(route_methods(Segments{"version"}, false) == "GET, HEAD, OPTIONS");
}
