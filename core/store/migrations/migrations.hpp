#pragma once

#include <span>
#include <string_view>

namespace mcpgw::store {
class SqliteConnection;
}

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

/// Brings the database up to the last of `steps` in one transaction, recording each step
/// in schema_version; running it again applies nothing. Returns how many steps ran. Throws
/// Fatal when the database is newer than `steps` (written by a later mcpgw) or a step fails,
/// and then changes nothing.
int apply(SqliteConnection& connection, std::span<const Migration> steps = all());

/// The version recorded in schema_version, 0 for a database without it.
int current_version(SqliteConnection& connection);

}  // namespace mcpgw::store::migrations
