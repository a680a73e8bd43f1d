#include "core/config/yaml_loader.hpp"

#include <yaml-cpp/yaml.h>

#include "core/error.hpp"

namespace mcpgw::config {
namespace {

// The node as a SettingValue; nullopt for nulls, mappings and sequences of non-scalars.
std::optional<SettingValue> value_of(const YAML::Node& node) {
  if (node.IsScalar()) return SettingValue{SettingText{node.Scalar()}};
  if (!node.IsSequence()) return std::nullopt;
  std::vector<std::string> items;
  for (const auto& item : node) {
    if (!item.IsScalar()) return std::nullopt;
    items.push_back(item.Scalar());
  }
  return SettingValue{std::move(items)};
}

std::string place(const std::string& source, const YAML::Mark& mark) {
  return source + ":" + std::to_string(mark.line + 1);
}

}  // namespace

void apply_yaml(SettingsDraft& draft, std::string_view text, const std::string& source) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    throw ConfigError(place(source, e.mark) + ": " + e.msg);
  }
  if (root.IsNull()) return;  // an empty document sets nothing
  if (!root.IsMap()) {
    throw ConfigError(place(source, root.Mark()) + ": expected a mapping of settings");
  }
  for (const auto& entry : root) {
    const YAML::Node& value = entry.second;
    std::string shown = value.IsScalar() ? "'" + value.Scalar() + "'"
                        : value.IsNull() ? "null"
                                         : "(a list or mapping)";
    draft.assign_from_file(entry.first.Scalar(), value_of(value), place(source, entry.first.Mark()),
                           shown);
  }
}

}  // namespace mcpgw::config
