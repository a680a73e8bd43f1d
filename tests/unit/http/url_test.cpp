#include "core/http/url.hpp"

#include <catch2/catch.hpp>

using namespace mcpgw::http;

namespace {

std::string completed(const char* text) {
  auto url = parse_url(text);
  REQUIRE(url);
  complete_gateway_server_path(*url);
  return url->to_string();
}

}  // namespace

TEST_CASE("a ContextForge virtual server URL gets its /mcp endpoint", "[url]") {
  CHECK(completed("http://localhost:4444/servers/0b1c2d") == "http://localhost:4444/servers/0b1c2d/mcp");
  CHECK(completed("http://localhost:4444/servers/0b1c2d/") == "http://localhost:4444/servers/0b1c2d/mcp");
  CHECK(completed("https://gw.example.com/api/servers/abc?x=1") == "https://gw.example.com/api/servers/abc/mcp?x=1");
}

TEST_CASE("other URLs are left as they are", "[url]") {
  CHECK(completed("http://localhost:4444/servers/0b1c2d/mcp") == "http://localhost:4444/servers/0b1c2d/mcp");
  CHECK(completed("http://127.0.0.1:3001/mcp") == "http://127.0.0.1:3001/mcp");
  CHECK(completed("http://127.0.0.1:3001/sse") == "http://127.0.0.1:3001/sse");
  CHECK(completed("http://127.0.0.1:3001/servers") == "http://127.0.0.1:3001/servers");
  CHECK(completed("http://127.0.0.1:3001/") == "http://127.0.0.1:3001/");
}
