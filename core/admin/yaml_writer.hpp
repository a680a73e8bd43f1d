#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace mcpgw::admin {

/// `value` as a YAML 1.2 block document that reads back as the same JSON (rest::read_yaml_as_json
/// and other YAML readers): strings that a reader would take for a number, a boolean (also
/// YAML 1.1's yes/no/on/off) or null are quoted; empty objects and arrays are written {} and [].
std::string to_yaml(const nlohmann::json& value);

}  // namespace mcpgw::admin
