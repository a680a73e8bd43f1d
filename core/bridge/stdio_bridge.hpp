#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace mcpgw::bridge {

/// Everything `translate --stdio` needs; flags and config files both build this.
struct StdioBridgeConfig {
  std::vector<std::string> command;                 // the stdio MCP server's argv
  std::map<std::string, std::string> env;           // extra environment for every child
  std::vector<std::pair<std::string, std::string>> header_to_env;  // request header → child env var
  std::string host = "127.0.0.1";
  std::uint16_t port = 8000;
  bool expose_sse = true;
  bool expose_streamable_http = true;
  bool json_response = false;
  bool stateless = false;                           // no sessions: one shared child for everyone
  std::vector<std::string> cors_origins;
  std::vector<std::string> allowed_hosts;           // extra Host names accepted (DNS-rebinding check)
  std::vector<std::pair<std::string, std::string>> response_headers;
  long cache_ttl_ms = 0;                             // ttlMs on modern list/read results
  std::chrono::seconds keep_alive{15};
  std::chrono::seconds request_timeout{300};
  std::chrono::seconds session_idle_ttl{300};
  std::size_t max_sessions = 100;                   // each holds a child; 0: no limit
  std::size_t body_limit = 4 * 1024 * 1024;
  std::size_t max_connections = 1024;               // more wait in the listen backlog
  std::string sse_path = "/sse";
  std::string message_path = "/message";
  std::string mcp_path = "/mcp";
  std::string health_path = "/healthz";
};

/// Serves the stdio MCP server over HTTP until SIGINT/SIGTERM. Each downstream session runs its
/// own child. Throws ConfigError when it cannot start; returns the process exit code.
int run_stdio_bridge(const StdioBridgeConfig& config);

}  // namespace mcpgw::bridge
