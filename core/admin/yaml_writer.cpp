#include "core/admin/yaml_writer.hpp"

#include <yaml-cpp/yaml.h>

#include "core/rest/yaml_json.hpp"

namespace mcpgw::admin {

using nlohmann::json;

namespace {

/// Whether a plain scalar `s` would not read back as this string.
bool needs_quotes(const std::string& s) {
  if (s.empty()) return true;
  static const char* kYaml11[] = {"y", "Y", "n", "N", "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"};
  for (const char* word : kYaml11)
    if (s == word) return true;
  std::string error;
  json read = rest::read_yaml_as_json(s, error);
  return !error.empty() || !read.is_string() || read.get_ref<const std::string&>() != s;
}

void emit(YAML::Emitter& out, const json& v) {
  switch (v.type()) {
    case json::value_t::object:
      if (v.empty()) {
        out << YAML::Flow << YAML::BeginMap << YAML::EndMap;
        return;
      }
      out << YAML::BeginMap;
      // What names a record comes first, where a reader looks for it.
      for (const char* first : {"name", "uri", "uri_template"})
        if (auto it = v.find(first); it != v.end()) {
          out << YAML::Key << first << YAML::Value;
          emit(out, *it);
        }
      for (const auto& [k, item] : v.items()) {
        if (k == "name" || k == "uri" || k == "uri_template") continue;
        out << YAML::Key;
        if (needs_quotes(k)) out << YAML::DoubleQuoted;
        out << k << YAML::Value;
        emit(out, item);
      }
      out << YAML::EndMap;
      return;
    case json::value_t::array:
      if (v.empty()) {
        out << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
        return;
      }
      out << YAML::BeginSeq;
      for (const auto& item : v) emit(out, item);
      out << YAML::EndSeq;
      return;
    case json::value_t::string: {
      const auto& s = v.get_ref<const std::string&>();
      if (s.find('\n') != std::string::npos && s.find_first_of("\t\r") == std::string::npos &&
          s.back() == '\n' && s.find_first_not_of(" \n") == 0)
        out << YAML::Literal << s;
      else if (needs_quotes(s))
        out << YAML::DoubleQuoted << s;
      else
        out << s;
      return;
    }
    case json::value_t::boolean:
      out << v.get<bool>();
      return;
    case json::value_t::null:
      out << YAML::Null;
      return;
    default:
      out << v.dump();
      return;
  }
}

}  // namespace

std::string to_yaml(const json& value) {
  YAML::Emitter out;
  out.SetIndent(2);
  out << YAML::BeginDoc;
  emit(out, value);
  std::string text = out.c_str();
  if (text.rfind("---\n", 0) == 0) text.erase(0, 4);
  if (text.empty() || text.back() != '\n') text += '\n';
  return text;
}

}  // namespace mcpgw::admin
