#pragma once

#include <functional>
#include <map>
#include <string>

#include "core/config/settings_draft.hpp"

namespace mcpgw::config {

/// Environment variables by name. main() builds it once from its envp, so nothing in core
/// reads the process environment itself and tests pass whatever they like.
using Environment = std::map<std::string, std::string, std::less<>>;

/// Values given on the command line, by setting key ("port" → "8080"), as text.
using FlagOverlay = std::map<std::string, std::string, std::less<>>;

/// "NAME=value" strings (a NULL-terminated envp) as an Environment.
Environment environment_from(const char* const* envp);

/// Layers the variables that name a setting (ContextForge's names: PORT, JWT_SECRET_KEY, ...)
/// onto `draft`; other variables are ignored. Throws ConfigError "PORT=abc: expected ...".
void apply_environment(SettingsDraft& draft, const Environment& environment);

/// Layers flag values onto `draft`. Throws ConfigError "--port=abc: expected ..." and, for a
/// key that names no setting, "unknown setting".
void apply_flags(SettingsDraft& draft, const FlagOverlay& flags);

}  // namespace mcpgw::config
