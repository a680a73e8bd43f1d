#pragma once

#include <algorithm>
#include <string>

#include "core/error.hpp"
#include "core/store/collection.hpp"
#include "core/store/cursor.hpp"
#include "core/store/record_id.hpp"
#include "core/store/record_traits.hpp"
#include "core/store/sqlite_tables.hpp"

namespace mcpgw::store {

/// Collection<R> on one table of a SqliteConnection. The SQL is built once from the
/// table's column names; values only ever travel as bound parameters. Each write is one
/// transaction (a savepoint inside a larger one). Call only from the store's thread.
template <class R>
class SqliteCollection final : public Collection<R> {
  using Table = SqliteTable<R>;

 public:
  explicit SqliteCollection(SqliteConnection& db) : db_(db) {
    std::string table(RecordTraits<R>::kKind), columns, values, assignments;
    for (std::size_t i = 0; i < Table::kColumns.size(); ++i) {
      std::string column(Table::kColumns[i]), param = "?" + std::to_string(i + 1);
      columns += (i ? ", " : "") + column;
      values += (i ? ", " : "") + param;
      if (i > 0) assignments += (i > 1 ? ", " : "") + column + " = " + param;
    }
    std::string select = "SELECT seq, " + columns;
    if constexpr (requires { Table::kLinkColumns; }) select += Table::kLinkColumns;
    select += " FROM " + table;
    insert_ = "INSERT INTO " + table + " (" + columns + ") VALUES (" + values + ")";
    update_ = "UPDATE " + table + " SET " + assignments + " WHERE id = ?1";
    delete_ = "DELETE FROM " + table + " WHERE id = ?1";
    get_ = select + " WHERE id = ?1";
    list_ = select +
            " WHERE seq > ?1 AND (?2 OR enabled) AND (?3 IS NULL OR EXISTS (SELECT 1 FROM"
            " json_each(" +
            table +
            ".tags) AS t WHERE t.value IN (SELECT value FROM"
            " json_each(?3))))";
    if constexpr (Table::kHasGateway) list_ += " AND (?5 IS NULL OR gateway_id = ?5)";
    list_ += " ORDER BY seq LIMIT ?4";
  }

  Result<R> create(R r) override {
    if (r.id.empty()) r.id = new_record_id();
    normalize(r);
    r.created_at = r.updated_at = current_time();
    if (auto written = write(insert_, r); !written) return written.error();
    return r;
  }

  Result<R> get(std::string_view id) override {
    auto& statement = db_.prepare(get_);
    statement.bind(1, id);
    auto row = statement.step();
    Result<R> out = make_error_code(Errc::record_not_found);
    if (!row) out = row.error();
    if (row && *row) {
      RowReader reader(statement, 1);
      out = Table::read(reader);
    }
    statement.reset();
    return out;
  }

  Result<R> update(R r) override {
    SqliteTransaction transaction(db_);
    if (auto started = transaction.started(); !started) return started.error();
    auto stored = get(r.id);
    if (!stored) return stored.error();
    normalize(r);
    r.created_at = stored->created_at;
    r.updated_at = std::max(current_time(), stored->updated_at);
    if (auto written = write(update_, r); !written) return written.error();
    if (auto committed = transaction.commit(); !committed) return committed.error();
    return r;
  }

  Result<void> remove(std::string_view id) override {
    auto& statement = db_.prepare(delete_);
    statement.bind(1, id);
    if (auto done = statement.run(); !done) return done;
    if (db_.changes() == 0) return make_error_code(Errc::record_not_found);
    return {};
  }

  Result<Page<R>> list(const ListQuery& query) override {
    auto after = resume_after(RecordTraits<R>::kKind, query.cursor);
    if (!after) return make_error_code(Errc::invalid_cursor);
    std::size_t limit = page_size(query);
    auto& statement = db_.prepare(list_);
    RowWriter params(statement);
    params.integer(*after).boolean(query.include_inactive);
    params.optional_text(query.tags.empty() ? std::nullopt
                                            : std::optional(nlohmann::json(query.tags).dump()));
    params.integer(static_cast<std::int64_t>(limit + 1));
    if constexpr (Table::kHasGateway) params.gateway_id(query.gateway_id);
    return read_page(statement, limit);
  }

 private:
  // Runs `sql` (INSERT or UPDATE) for `r`, then the server's links, as one transaction.
  Result<void> write(const std::string& sql, const R& r) {
    SqliteTransaction transaction(db_);
    if (auto started = transaction.started(); !started) return started;
    auto& statement = db_.prepare(sql);
    RowWriter writer(statement);
    Table::write(writer, r);
    if (auto done = statement.run(); !done) return done;
    if constexpr (requires { Table::write_links(db_, r); }) {
      if (auto linked = Table::write_links(db_, r); !linked) return linked;
    }
    return transaction.commit();
  }

  // Reads up to `limit` rows; a row beyond them means another page follows.
  Result<Page<R>> read_page(SqliteStatement& statement, std::size_t limit) {
    Page<R> page;
    std::int64_t last_seq = 0;
    for (;;) {
      auto row = statement.step();
      if (!row) {
        statement.reset();
        return row.error();
      }
      if (!*row) break;
      if (page.items.size() == limit) {
        page.next_cursor = encode_cursor(RecordTraits<R>::kKind, last_seq);
        break;
      }
      last_seq = statement.integer(0);
      RowReader reader(statement, 1);
      page.items.push_back(Table::read(reader));
    }
    statement.reset();
    return page;
  }

  SqliteConnection& db_;
  std::string insert_, update_, delete_, get_, list_;
};

}  // namespace mcpgw::store
