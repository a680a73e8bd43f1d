#include "core/store/sqlite_connection.hpp"

#include <sqlite3.h>

#include "core/error.hpp"
#include "core/store/sqlite_error.hpp"

namespace mcpgw::store {

SqliteConnection::SqliteConnection(const std::string& path) {
  int rc = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    std::string why = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close_v2(db_);
    throw ConfigError("cannot open the database " + path + ": " + why);
  }
}

SqliteConnection::~SqliteConnection() {
  statements_.clear();  // finalize before closing
  sqlite3_close_v2(db_);
}

boost::system::result<void> SqliteConnection::exec(std::string_view sql) {
  std::string text(sql);
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
    return sqlite_error(sqlite3_extended_errcode(db_));
  }
  return {};
}

boost::system::result<std::string> SqliteConnection::query_text(std::string_view sql) {
  SqliteStatement statement(db_, sql);
  auto row = statement.step();
  if (!row) return row.error();
  return *row ? statement.text(0) : std::string();
}

SqliteStatement& SqliteConnection::prepare(const std::string& sql) {
  auto& slot = statements_[sql];
  if (!slot) slot = std::make_unique<SqliteStatement>(db_, sql);
  slot->reset();
  return *slot;
}

int SqliteConnection::changes() const { return sqlite3_changes(db_); }

std::string SqliteConnection::last_error() const { return sqlite3_errmsg(db_); }

SqliteTransaction::SqliteTransaction(SqliteConnection& connection) : connection_(connection) {
  started_ = connection_.exec(connection_.transaction_depth_ == 0 ? "BEGIN IMMEDIATE"
                                                                  : "SAVEPOINT nested");
  open_ = started_.has_value();
  if (open_) ++connection_.transaction_depth_;
}

SqliteTransaction::~SqliteTransaction() {
  if (!open_) return;
  --connection_.transaction_depth_;
  if (connection_.transaction_depth_ == 0) {
    (void)connection_.exec("ROLLBACK");
  } else {
    (void)connection_.exec("ROLLBACK TO nested; RELEASE nested");
  }
}

boost::system::result<void> SqliteTransaction::commit() {
  if (!open_) return started_;
  bool outermost = connection_.transaction_depth_ == 1;
  auto done = connection_.exec(outermost ? "COMMIT" : "RELEASE nested");
  if (done) {
    open_ = false;
    --connection_.transaction_depth_;
  }
  return done;
}

}  // namespace mcpgw::store
