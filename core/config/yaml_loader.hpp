#pragma once

#include <string>
#include <string_view>

#include "core/config/settings_draft.hpp"

namespace mcpgw::config {

/// Layers a YAML mapping of `key: value` settings onto `draft`, reading scalars as the
/// environment would (so `yes`, `1` and `true` are all true). `source` names the document in
/// messages. Throws ConfigError "source:line: ..." for a syntax error, an unknown key, or a
/// value that does not fit its setting.
void apply_yaml(SettingsDraft& draft, std::string_view text, const std::string& source);

}  // namespace mcpgw::config
