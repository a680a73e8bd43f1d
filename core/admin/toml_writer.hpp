#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace mcpgw::admin {

/// `value` (an object) as a TOML 1.0 document. TOML has no null: null members and items are
/// left out, which `register apply` reads as "not named". Throws std::invalid_argument when
/// `value` is not an object.
std::string to_toml(const nlohmann::json& value);

}  // namespace mcpgw::admin
