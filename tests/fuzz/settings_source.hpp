#pragma once

#include "core/config/settings_draft.hpp"
#include "core/config/settings_validation.hpp"
#include "core/error.hpp"

namespace mcpgw::fuzz {

/// Layers one settings source onto fresh settings with `apply`, then validates them, as startup
/// does. A bad source is a ConfigError naming where; anything else escaping is a fault.
template <typename Apply>
int load_settings(Apply apply) {
  config::SettingsDraft draft;
  try {
    apply(draft);
    config::validate(draft);
  } catch (const ConfigError&) {
  }
  return 0;
}

}  // namespace mcpgw::fuzz
