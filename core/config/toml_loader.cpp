#include "core/config/toml_loader.hpp"

#include <sstream>

#include <toml++/toml.h>

#include "core/error.hpp"

namespace mcpgw::config {
namespace {

// The node as a SettingValue; nullopt for TOML types no setting has (floats, dates, tables).
std::optional<SettingValue> value_of(const toml::node& node) {
  if (auto s = node.as_string()) return SettingValue{s->get()};
  if (auto b = node.as_boolean()) return SettingValue{b->get()};
  if (auto i = node.as_integer()) return SettingValue{i->get()};
  const auto* array = node.as_array();
  if (!array) return std::nullopt;
  std::vector<std::string> items;
  for (const auto& item : *array) {
    const auto* s = item.as_string();
    if (!s) return std::nullopt;
    items.push_back(s->get());
  }
  return SettingValue{std::move(items)};
}

std::string place(const std::string& source, const toml::node& node) {
  return source + ":" + std::to_string(node.source().begin.line);
}

}  // namespace

void apply_toml(SettingsDraft& draft, std::string_view text, const std::string& source) {
  toml::table table;
  try {
    table = toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    throw ConfigError(source + ":" + std::to_string(e.source().begin.line) + ": " +
                      std::string(e.description()));
  }
  for (const auto& [key, node] : table) {
    std::ostringstream shown;
    node.visit([&](const auto& typed) { shown << typed; });
    draft.assign_from_file(key.str(), value_of(node), place(source, node), shown.str());
  }
}

}  // namespace mcpgw::config
