#pragma once

#include <filesystem>

#include "core/config/env_overlay.hpp"
#include "core/config/settings.hpp"
#include "core/config/settings_draft.hpp"

namespace mcpgw::config {

/// Where the settings of `mcpgw serve` come from; main() fills it in.
struct SettingsSources {
  std::filesystem::path config_file;  // empty = none; *.toml is TOML, *.yaml and *.yml YAML
  Environment environment;
  FlagOverlay flags;
};

/// The one place the precedence is decided. Later sources win, setting by setting:
///   1. the defaults in Settings,
///   2. the config file (TOML or YAML, chosen by its extension),
///   3. the environment (ContextForge's variable names: PORT, JWT_SECRET_KEY, ...),
///   4. the command-line flags.
/// Then validate() checks the result as a whole. Throws ConfigError naming the file and
/// line, the variable or the flag that is wrong.
SettingsDraft load_settings_draft(const SettingsSources& sources);

/// load_settings_draft() without the record of where each value came from.
Settings load_settings(const SettingsSources& sources);

/// Layers the config file at `path` onto `draft`, by its extension. Throws ConfigError.
void apply_config_file(SettingsDraft& draft, const std::filesystem::path& path);

}  // namespace mcpgw::config
