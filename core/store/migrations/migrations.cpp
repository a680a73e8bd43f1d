#include "core/store/migrations/migrations.hpp"

#include <array>

namespace mcpgw::store::migrations {

std::span<const Migration> all() {
  static const std::array kAll = {kInitialSchema, kLocalRegistry, kCallLimits};
  return kAll;
}

}  // namespace mcpgw::store::migrations
