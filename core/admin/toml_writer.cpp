#include "core/admin/toml_writer.hpp"

#include <sstream>
#include <stdexcept>

#include <toml++/toml.h>

namespace mcpgw::admin {

using nlohmann::json;

namespace {

toml::table table_of(const json& object);

toml::array array_of(const json& list) {
  toml::array out;
  for (const auto& item : list) {
    if (item.is_null()) continue;
    if (item.is_object()) out.push_back(table_of(item));
    else if (item.is_array()) out.push_back(array_of(item));
    else if (item.is_string()) out.push_back(item.get<std::string>());
    else if (item.is_boolean()) out.push_back(item.get<bool>());
    else if (item.is_number_integer()) out.push_back(item.get<std::int64_t>());
    else out.push_back(item.get<double>());
  }
  return out;
}

toml::table table_of(const json& object) {
  toml::table out;
  for (const auto& [key, item] : object.items()) {
    if (item.is_null()) continue;
    if (item.is_object()) out.insert(key, table_of(item));
    else if (item.is_array()) out.insert(key, array_of(item));
    else if (item.is_string()) out.insert(key, item.get<std::string>());
    else if (item.is_boolean()) out.insert(key, item.get<bool>());
    else if (item.is_number_integer()) out.insert(key, item.get<std::int64_t>());
    else out.insert(key, item.get<double>());
  }
  return out;
}

}  // namespace

std::string to_toml(const json& value) {
  if (!value.is_object()) throw std::invalid_argument("a TOML document is a table");
  std::ostringstream out;
  out << toml::toml_formatter(table_of(value)) << "\n";
  return out.str();
}

}  // namespace mcpgw::admin
