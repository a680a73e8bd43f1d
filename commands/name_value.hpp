#pragma once

#include <string>
#include <utility>

#include "core/error.hpp"

namespace mcpgw::commands {

/// Splits a "NAME<sep>VALUE" flag value ("K: V" headers, "K=V" variables); one space after a
/// ':' is dropped. Throws ConfigError naming `flag` when there is no name.
inline std::pair<std::string, std::string> split_name_value(const std::string& text, char sep, const char* flag) {
  auto pos = text.find(sep);
  if (pos == std::string::npos || pos == 0)
    throw ConfigError(std::string(flag) + " expects NAME" + sep + "VALUE, got '" + text + "'");
  std::string value = text.substr(pos + 1);
  if (sep == ':' && !value.empty() && value.front() == ' ') value.erase(0, 1);
  return {text.substr(0, pos), value};
}

}  // namespace mcpgw::commands
