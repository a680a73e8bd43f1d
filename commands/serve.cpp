#include "commands/serve.hpp"

#include "core/config/env_overlay.hpp"
#include "core/config/setting_fields.hpp"
#include "core/gateway/serve.hpp"

extern char** environ;

namespace mcpgw::commands {

CLI::App* register_serve(CLI::App& app, ServeOptions& o) {
  auto* sub = app.add_subcommand(
      "serve",
      "Run the gateway: federate MCP servers behind one authenticated endpoint, with virtual servers and a REST API");
  sub->add_option("-c,--config", o.config_file, "A config file (.toml, .yaml or .yml); environment and flags override it")
      ->check(CLI::ExistingFile);
  // One flag per setting, from the same table as the environment variables and file keys.
  for (const auto& field : config::setting_fields()) {
    std::string key(field.key);
    sub->add_option_function<std::string>(
        config::flag_name(field), [&o, key](const std::string& value) { o.flags[key] = value; },
        "Also " + std::string(field.env) + " (" + config::expectation(field) + ")");
  }
  return sub;
}

int run_serve(const ServeOptions& o) {
  config::SettingsSources sources;
  sources.config_file = o.config_file;
  sources.environment = config::environment_from(environ);
  sources.flags = o.flags;
  return gateway::run_serve(sources);
}

}  // namespace mcpgw::commands
