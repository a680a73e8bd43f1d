#pragma once

#include <string>
#include <string_view>

#include "core/config/settings_draft.hpp"

namespace mcpgw::config {

/// Layers a TOML document of top-level `key = value` settings onto `draft`. `source` names
/// the document in messages (its path). Throws ConfigError "source:line: ..." for a syntax
/// error, an unknown key, or a value of the wrong type or out of range.
void apply_toml(SettingsDraft& draft, std::string_view text, const std::string& source);

}  // namespace mcpgw::config
