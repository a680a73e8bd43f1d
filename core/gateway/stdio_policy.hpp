#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace mcpgw::gateway {

/// What `serve` lets a stdio gateway run on its host (STDIO_GATEWAYS_ENABLED,
/// STDIO_ALLOWED_COMMANDS). Checked when a gateway is registered, changed or enabled, and for
/// stored gateways at start. Plain data; use from any thread.
struct StdioPolicy {
  bool enabled = true;
  std::vector<std::string> allowed_commands;  // empty: any; else the command's first word, exactly

  /// Why `command` may not run under this policy; empty when it may.
  std::string refuse(const std::string& command) const;
};

/// Whether an environment variable changes which code a child's loader or interpreter runs
/// (LD_*, DYLD_*, NODE_OPTIONS, PYTHONPATH, PATH, ...); a gateway's `env` may not set these.
bool loader_variable(std::string_view name);

/// Why `env` (a gateway's env object) may not be given to a child; empty when it may.
std::string refuse_env(const nlohmann::json& env);

}  // namespace mcpgw::gateway
