#include "core/http/header_field.hpp"

#include <algorithm>
#include <cctype>

namespace mcpgw::http {

bool is_header_name(std::string_view name) {
  if (name.empty() || name.size() > 256) return false;
  return std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) || std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
  });
}

bool is_header_value(std::string_view value) {
  return value.size() <= 8192 && value.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

}  // namespace mcpgw::http
