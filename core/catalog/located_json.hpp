#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace mcpgw::catalog {

/// A place in a text: 1-based line and column; 0 when unknown.
struct TextPosition {
  int line = 0;
  int column = 0;
};

/// A YAML (or JSON, which YAML reads too) text as JSON, with where each value and each mapping
/// key stood, so a checker of the JSON can point at file:line:column. Keys of both maps are
/// JSON pointers ("/catalog_servers/3/tags/0"); `keys` holds the positions of mapping keys,
/// `values` those of values. A mapping that repeats a key keeps the first value; each
/// repetition is listed in `repeated_keys` with where it stands.
struct LocatedJson {
  nlohmann::json value;
  std::unordered_map<std::string, TextPosition> values;
  std::unordered_map<std::string, TextPosition> keys;
  std::vector<std::pair<std::string, TextPosition>> repeated_keys;

  /// Where the value (or, with `key`, the mapping key) at `pointer` stood; the nearest
  /// enclosing value's position when that one is unknown.
  TextPosition where(const std::string& pointer, bool key = false) const;
};

/// Reads `text` (the first YAML document) with plain scalars resolved by the YAML 1.2 core
/// schema, as rest::read_yaml_as_json does, within the same limits on depth and expanded
/// values. False with `error` and `at` set on a syntax error or a limit. Pure; any thread.
bool read_located(std::string_view text, LocatedJson& out, std::string& error, TextPosition& at);

/// "~1"/"~0" escaping of one JSON pointer token (RFC 6901).
std::string pointer_token(std::string_view key);

}  // namespace mcpgw::catalog
