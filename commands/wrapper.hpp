#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace mcpgw::commands {

/// `mcpgw wrapper`: flags and the environment variables ContextForge's wrapper reads.
struct WrapperOptions {
  std::string url;                      // MCP_SERVER_URL
  std::string auth;                     // MCP_AUTH: the whole Authorization header value
  double timeout = 60;                  // MCP_TOOL_CALL_TIMEOUT, seconds per request
  std::string log_level = "error";      // MCP_WRAPPER_LOG_LEVEL
  std::vector<std::string> headers;     // "K: V", sent with every request
  std::string era = "auto";             // auto, legacy or modern
};

CLI::App* register_wrapper(CLI::App& app, WrapperOptions& options);
int run_wrapper(const WrapperOptions& options);

}  // namespace mcpgw::commands
