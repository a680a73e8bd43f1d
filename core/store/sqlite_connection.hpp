#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include <boost/system/result.hpp>

#include "core/store/sqlite_statement.hpp"

struct sqlite3;

namespace mcpgw::store {

/// One open SQLite database and its cache of prepared statements. Synchronous and not
/// thread-safe: only its owner's thread uses it.
class SqliteConnection {
 public:
  /// Opens `path`, creating the file if needed (":memory:" for a private in-memory
  /// database). Throws ConfigError naming the path when it cannot be opened.
  explicit SqliteConnection(const std::string& path);
  ~SqliteConnection();
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  /// Runs constant SQL, possibly several statements, without parameters (PRAGMAs, DDL).
  boost::system::result<void> exec(std::string_view sql);

  /// The first column of the first row of constant SQL, as text ("" when no row).
  boost::system::result<std::string> query_text(std::string_view sql);

  /// The statement for `sql`, compiled on first use and kept; reset and unbound on return.
  SqliteStatement& prepare(const std::string& sql);

  /// Rows changed by the last INSERT, UPDATE or DELETE.
  int changes() const;

  /// SQLite's last error message, for logs and startup errors.
  std::string last_error() const;

 private:
  friend class SqliteTransaction;
  sqlite3* db_ = nullptr;
  int transaction_depth_ = 0;
  std::unordered_map<std::string, std::unique_ptr<SqliteStatement>> statements_;
};

/// All or nothing: BEGIN IMMEDIATE (so a writer takes the lock at once rather than failing
/// to upgrade later) when outermost, a SAVEPOINT when nested. Rolls back unless commit()
/// succeeded.
class SqliteTransaction {
 public:
  explicit SqliteTransaction(SqliteConnection& connection);
  ~SqliteTransaction();
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;

  /// Whether BEGIN (or SAVEPOINT) failed, e.g. the database stayed locked past busy_timeout.
  boost::system::result<void> started() const { return started_; }
  boost::system::result<void> commit();

 private:
  SqliteConnection& connection_;
  boost::system::result<void> started_;
  bool open_ = false;
};

}  // namespace mcpgw::store
