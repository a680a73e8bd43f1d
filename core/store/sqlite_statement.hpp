#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/system/result.hpp>

struct sqlite3;
struct sqlite3_stmt;

namespace mcpgw::store {

/// One prepared statement; values only ever reach SQL through bind(). Owned by the
/// SqliteConnection that compiled it and used on that connection's thread.
class SqliteStatement {
 public:
  /// Compiles `sql`. Throws Fatal when it does not compile (our SQL is constant, so that is a
  /// bug or a schema mismatch).
  SqliteStatement(sqlite3* db, std::string_view sql);
  ~SqliteStatement();
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  /// Makes the statement ready for a fresh run: reset, every parameter NULL.
  void reset();

  // Parameters are numbered from 1, as ?1, ?2, ... in the SQL.
  void bind(int index, std::string_view text);
  void bind(int index, std::int64_t value);
  void bind(int index, const std::optional<std::string>& text);  // nullopt binds NULL
  void bind_null(int index);

  /// One step: true when a row is ready, false when the statement is done; a failure is
  /// mapped by sqlite_error().
  boost::system::result<bool> step();

  /// Steps once and expects no row back (INSERT, UPDATE, DELETE).
  boost::system::result<void> run();

  // Columns of the current row, numbered from 0.
  bool is_null(int column) const;
  std::string text(int column) const;
  std::int64_t integer(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace mcpgw::store
