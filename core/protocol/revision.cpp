#include "core/protocol/revision.hpp"

#include <algorithm>

namespace mcpgw::protocol {

bool is_known(std::string_view revision) {
  return std::find(kRevisions.begin(), kRevisions.end(), revision) != kRevisions.end();
}

bool is_legacy(std::string_view revision) { return is_known(revision) && revision < kModern; }

Era era_of(std::string_view revision) {
  return revision >= kModern ? Era::modern : Era::legacy;
}

std::string_view negotiate_legacy(std::string_view requested) {
  return is_legacy(requested) ? requested : kLatestLegacy;
}

}  // namespace mcpgw::protocol
