#include "core/store/record_traits.hpp"

#include <algorithm>

namespace mcpgw::store {
namespace {

void drop_repeats(std::vector<std::string>& ids) {
  std::vector<std::string> seen;
  std::erase_if(ids, [&](const std::string& id) {
    if (std::find(seen.begin(), seen.end(), id) != seen.end()) return true;
    seen.push_back(id);
    return false;
  });
}

}  // namespace

void normalize(Server& s) {
  drop_repeats(s.tool_ids);
  drop_repeats(s.resource_ids);
  drop_repeats(s.prompt_ids);
}

}  // namespace mcpgw::store
