#include "core/store/sqlite_statement.hpp"

#include <sqlite3.h>

#include <cassert>

#include "core/error.hpp"
#include "core/store/sqlite_error.hpp"

namespace mcpgw::store {

SqliteStatement::SqliteStatement(sqlite3* db, std::string_view sql) : db_(db) {
  int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
  if (rc != SQLITE_OK) {
    throw Fatal("SQLite cannot compile a statement (" + std::string(sqlite3_errmsg(db)) +
                "): " + std::string(sql));
  }
}

SqliteStatement::~SqliteStatement() { sqlite3_finalize(stmt_); }

void SqliteStatement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

void SqliteStatement::bind(int index, std::string_view text) {
  [[maybe_unused]] int rc =
      sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  assert(rc == SQLITE_OK);
}

void SqliteStatement::bind(int index, std::int64_t value) {
  [[maybe_unused]] int rc = sqlite3_bind_int64(stmt_, index, value);
  assert(rc == SQLITE_OK);
}

void SqliteStatement::bind(int index, const std::optional<std::string>& text) {
  if (text) {
    bind(index, std::string_view(*text));
  } else {
    bind_null(index);
  }
}

void SqliteStatement::bind_null(int index) {
  [[maybe_unused]] int rc = sqlite3_bind_null(stmt_, index);
  assert(rc == SQLITE_OK);
}

boost::system::result<bool> SqliteStatement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  // sqlite3_step gives the primary code (SQLITE_CONSTRAINT); the extended one says which kind.
  return {boost::system::in_place_error, sqlite_error(sqlite3_extended_errcode(db_))};
}

boost::system::result<void> SqliteStatement::run() {
  auto row = step();
  if (!row) return row.error();
  return {};
}

bool SqliteStatement::is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::string SqliteStatement::text(int column) const {
  const auto* p = sqlite3_column_text(stmt_, column);
  return p ? std::string(reinterpret_cast<const char*>(p),
                         static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
           : std::string();
}

std::int64_t SqliteStatement::integer(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

}  // namespace mcpgw::store
