#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "core/config/settings_sources.hpp"

namespace mcpgw::commands {

struct ServeOptions {
  std::string config_file;
  config::FlagOverlay flags;  // --<setting> values as given, by setting key
};

CLI::App* register_serve(CLI::App& app, ServeOptions& options);
int run_serve(const ServeOptions& options);

}  // namespace mcpgw::commands
