#pragma once

#include "core/config/settings_sources.hpp"

namespace mcpgw::gateway {

/// Runs `mcpgw serve` until SIGTERM or SIGINT: loads the settings from `sources`, opens the
/// store, makes the secrets it needs on first start, serves HTTP. SIGHUP reads the settings
/// again. Throws ConfigError for bad settings; returns the exit code.
int run_serve(const config::SettingsSources& sources);

}  // namespace mcpgw::gateway
