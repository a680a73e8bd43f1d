#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace mcpgw::commands {

struct TranslateOptions {
  std::string stdio_command;
  std::string connect_url;                   // reverse mode: remote server → our stdio
  std::string connect_sse_url;
  std::string connect_streamable_url;
  std::string oauth2_bearer;
  std::string host = "127.0.0.1";
  int port = 8000;
  bool expose_sse = false;
  bool expose_streamable_http = false;
  bool json_response = false;
  bool stateless = false;
  std::vector<std::string> cors;
  std::vector<std::string> headers;          // "K: V", added to every response
  std::vector<std::string> env;              // "K=V" for the child
  std::vector<std::string> header_to_env;    // "HEADER=ENV"
  bool enable_dynamic_env = false;
  std::vector<std::string> allowed_hosts;
  int keep_alive = 15;
  int request_timeout = 300;
  int session_ttl = 300;                     // a child per session: not kept long idle
  int max_sessions = 100;
  std::size_t body_limit = 4 * 1024 * 1024;
  std::size_t max_connections = 1024;
  std::string sse_path = "/sse";
  std::string message_path = "/message";
  std::string mcp_path = "/mcp";
  std::string log_level = "info";
};

CLI::App* register_translate(CLI::App& app, TranslateOptions& options);
int run_translate(const TranslateOptions& options);

}  // namespace mcpgw::commands
