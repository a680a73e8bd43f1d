#include "core/store/slug.hpp"

#include <cctype>

namespace mcpgw::store {

std::string slugify(std::string_view name) {
  std::string out;
  bool pending_dash = false;
  for (unsigned char c : name) {
    if (c < 0x80 && std::isalnum(c)) {
      if (pending_dash && !out.empty()) out += '-';
      pending_dash = false;
      out += static_cast<char>(std::tolower(c));
    } else {
      pending_dash = true;
    }
  }
  return out;
}

}  // namespace mcpgw::store
