#pragma once

#include <span>

#include "core/store/migrations/migrations.hpp"

namespace mcpgw::store {

class SqliteConnection;

/// Brings the database up to the last of `steps` in one transaction, recording each step
/// in schema_version; running it again applies nothing. Returns how many steps ran. Throws
/// Fatal when the database is newer than `steps` (written by a later mcpgw) or a step fails,
/// and then changes nothing.
int migrate(SqliteConnection& connection, std::span<const migrations::Migration> steps = migrations::all());

/// The version recorded in schema_version, 0 for a database without it.
int schema_version(SqliteConnection& connection);

}  // namespace mcpgw::store
