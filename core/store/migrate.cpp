#include "core/store/migrate.hpp"

#include <string>

#include "core/error.hpp"
#include "core/store/records.hpp"
#include "core/store/sqlite_connection.hpp"

namespace mcpgw::store {
namespace {

constexpr std::string_view kVersionTable =
    "CREATE TABLE IF NOT EXISTS schema_version ("
    " version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " applied_at INTEGER NOT NULL)";

[[noreturn]] void fail(const std::string& what, const boost::system::error_code& ec) {
  throw Fatal("database migration: " + what + ": " + ec.message());
}

}  // namespace

int schema_version(SqliteConnection& connection) {
  auto exists = connection.query_text(
      "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'");
  if (!exists) fail("cannot read the schema", exists.error());
  if (*exists == "0") return 0;
  auto version = connection.query_text("SELECT ifnull(max(version), 0) FROM schema_version");
  if (!version) fail("cannot read schema_version", version.error());
  return std::stoi(*version);
}

int migrate(SqliteConnection& connection, std::span<const migrations::Migration> steps) {
  SqliteTransaction transaction(connection);
  if (auto started = transaction.started(); !started) fail("cannot begin", started.error());
  if (auto made = connection.exec(kVersionTable); !made) fail("schema_version", made.error());
  int current = schema_version(connection);
  int latest = steps.empty() ? 0 : steps.back().version;
  if (current > latest) {
    throw Fatal("the database has schema version " + std::to_string(current) +
                ", newer than this mcpgw knows (" + std::to_string(latest) +
                "); run a newer mcpgw, or point DATABASE_URL at another file");
  }
  int applied = 0;
  for (const migrations::Migration& step : steps) {
    if (step.version <= current) continue;
    std::string label = std::to_string(step.version) + " (" + std::string(step.name) + ")";
    if (auto done = connection.exec(step.sql); !done) {
      fail(label + " failed (" + connection.last_error() + ")", done.error());
    }
    auto& record = connection.prepare(
        "INSERT INTO schema_version (version, name, applied_at) VALUES (?1, ?2, ?3)");
    record.bind(1, std::int64_t{step.version});
    record.bind(2, step.name);
    record.bind(3, std::int64_t{current_time().time_since_epoch().count()});
    if (auto done = record.run(); !done) fail(label, done.error());
    ++applied;
  }
  if (auto done = transaction.commit(); !done) fail("cannot commit", done.error());
  return applied;
}

}  // namespace mcpgw::store
