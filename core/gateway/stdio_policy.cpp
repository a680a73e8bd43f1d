#include "core/gateway/stdio_policy.hpp"

#include <algorithm>
#include <array>

#include "core/error.hpp"
#include "core/transport/stdio/command_line.hpp"

namespace mcpgw::gateway {

std::string StdioPolicy::refuse(const std::string& command) const {
  if (!enabled) return "stdio gateways are turned off on this gateway (STDIO_GATEWAYS_ENABLED=false)";
  if (allowed_commands.empty()) return {};
  std::vector<std::string> argv;
  try {
    argv = transport::stdio::split_command_line(command);
  } catch (const ConfigError& e) {
    return std::string("command cannot be read: ") + e.what();
  }
  if (std::find(allowed_commands.begin(), allowed_commands.end(), argv.front()) != allowed_commands.end()) return {};
  return "'" + argv.front() + "' is not in STDIO_ALLOWED_COMMANDS";
}

bool loader_variable(std::string_view name) {
  // The dynamic loader's and the usual interpreters' hooks, and PATH, which picks the
  // executable an allow-listed bare name resolves to.
  static constexpr std::array<std::string_view, 18> kNames = {
      "PATH",          "NODE_OPTIONS", "NODE_PATH",         "PYTHONPATH",   "PYTHONSTARTUP", "PYTHONHOME",
      "PYTHONINSPECT", "PERL5OPT",     "PERL5LIB",          "RUBYOPT",      "RUBYLIB",       "BASH_ENV",
      "ENV",           "GCONV_PATH",   "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "HOSTALIASES"};
  if (name.starts_with("LD_") || name.starts_with("DYLD_")) return true;
  return std::find(kNames.begin(), kNames.end(), name) != kNames.end();
}

std::string refuse_env(const nlohmann::json& env) {
  if (!env.is_object()) return {};
  for (const auto& [k, v] : env.items())
    if (loader_variable(k)) return "env may not set " + k + ": it changes which code the child runs";
  return {};
}

}  // namespace mcpgw::gateway
