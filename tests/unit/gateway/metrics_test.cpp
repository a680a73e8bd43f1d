#include "core/gateway/metrics.hpp"

#include <catch2/catch.hpp>

using namespace mcpgw::gateway;
using namespace std::chrono_literals;

namespace {
bool any_tool(const std::string&) { return true; }
}  // namespace

TEST_CASE("methods outside the MCP set share one label", "[metrics]") {
  Metrics metrics;
  for (int i = 0; i < 2000; ++i) metrics.record_request("junk/" + std::to_string(i) + std::string(100, 'x'));
  metrics.record_request("tools/list");
  metrics.record_request("tools/list");
  std::string text = metrics.render("", any_tool);
  CHECK(text.find("mcpgw_requests_total{method=\"other\"} 2000\n") != std::string::npos);
  CHECK(text.find("mcpgw_requests_total{method=\"tools/list\"} 2\n") != std::string::npos);
  CHECK(text.find("junk/") == std::string::npos);
  CHECK(text.size() < 2000);
}

TEST_CASE("tools that left the catalog lose their labels", "[metrics]") {
  Metrics metrics;
  metrics.record_call("gw-echo", false, 1ms);
  metrics.record_call("gw-gone", true, 1ms);
  std::string text = metrics.render("", [](const std::string& tool) { return tool == "gw-echo"; });
  CHECK(text.find("mcpgw_tool_calls_total{tool=\"gw-echo\"} 1\n") != std::string::npos);
  CHECK(text.find("gw-gone") == std::string::npos);
}
