#pragma once

#include <span>
#include <string_view>

namespace mcpgw::store::migrations {

/// One step of the SQLite schema. Numbered from 1 without gaps; a released migration is
/// never edited, only followed by a new one (one file each, NNNN_name.cpp).
struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

extern const Migration kInitialSchema;  // 0001_initial_schema.cpp
extern const Migration kLocalRegistry;  // 0002_local_registry.cpp
extern const Migration kCallLimits;     // 0003_call_limits.cpp

/// Every migration, oldest first.
std::span<const Migration> all();

}  // namespace mcpgw::store::migrations
