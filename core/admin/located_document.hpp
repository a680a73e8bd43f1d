#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace mcpgw::admin {

/// Where a value sits in a file, for error messages ("gw.yaml:12:5"); lines and columns from 1.
struct Location {
  std::string file;
  int line = 0;
  int column = 0;
  std::string text() const;
};

/// A YAML, TOML or JSON file read as JSON, with the location of every value: by JSON pointer
/// ("/servers/0/associated_tools/1"), the place where its key (in a mapping) or item (in a
/// sequence) starts.
struct LocatedDocument {
  nlohmann::json value;
  std::map<std::string, Location> where;
  std::string file;

  /// The location of `pointer`, or of its nearest ancestor that has one.
  Location at(const std::string& pointer) const;
};

/// Reads `text`, the contents of `file`: TOML for *.toml, JSON for *.json (checked strictly,
/// then read for locations), YAML otherwise (YAML 1.2 core schema, as rest::read_yaml_as_json:
/// quoted scalars stay strings). A syntax error leaves nullopt and sets `error` to
/// "file:line:column: what is wrong". Duplicate keys in one mapping are an error too.
std::optional<LocatedDocument> read_located(const std::string& file, std::string_view text, std::string& error);

/// `s` escaped for a JSON pointer token (RFC 6901: ~ → ~0, / → ~1).
std::string pointer_token(std::string_view s);

}  // namespace mcpgw::admin
