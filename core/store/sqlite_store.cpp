#include "core/store/sqlite_store.hpp"

#include "core/error.hpp"
#include "core/store/catalog_refresh.hpp"
#include "core/store/migrate.hpp"
#include "core/store/sqlite_collection.hpp"
#include "core/store/sqlite_connection.hpp"

namespace mcpgw::store {
namespace {

// Sets the connection up as the class comment explains; throws Fatal when SQLite refuses.
void configure(SqliteConnection& db, const std::string& path, int busy_timeout_ms) {
  auto mode = db.query_text("PRAGMA journal_mode = WAL");
  if (!mode || (*mode != "wal" && path != ":memory:")) {
    throw Fatal("cannot put the database " + path + " in WAL mode (" +
                (mode ? "got " + *mode : mode.error().message()) +
                "); is it on a network file system?");
  }
  std::string pragmas =
      "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA busy_timeout = " +
      std::to_string(busy_timeout_ms);
  if (auto done = db.exec(pragmas); !done) {
    throw Fatal("cannot configure the database " + path + ": " + done.error().message());
  }
}

}  // namespace

struct SqliteStore::State {
  explicit State(const std::string& path) : db(path) {}
  SqliteConnection db;
  SqliteCollection<Gateway> gateways{db};
  SqliteCollection<Tool> tools{db};
  SqliteCollection<Resource> resources{db};
  SqliteCollection<ResourceTemplate> resource_templates{db};
  SqliteCollection<Prompt> prompts{db};
  SqliteCollection<Server> servers{db};
};

SqliteStore::SqliteStore(const std::string& path, int busy_timeout_ms)
    : state_(std::make_unique<State>(path)) {
  configure(state_->db, path, busy_timeout_ms);
  migrate(state_->db);
}

SqliteStore::~SqliteStore() = default;

Collection<Gateway>& SqliteStore::gateways() { return state_->gateways; }
Collection<Tool>& SqliteStore::tools() { return state_->tools; }
Collection<Resource>& SqliteStore::resources() { return state_->resources; }
Collection<ResourceTemplate>& SqliteStore::resource_templates() {
  return state_->resource_templates;
}
Collection<Prompt>& SqliteStore::prompts() { return state_->prompts; }
Collection<Server>& SqliteStore::servers() { return state_->servers; }
SqliteConnection& SqliteStore::connection() { return state_->db; }

template <class F>
std::invoke_result_t<F&> SqliteStore::all_or_nothing(F f) {
  SqliteTransaction transaction(state_->db);
  if (auto started = transaction.started(); !started) return started.error();
  auto result = f();
  if (!result) return result.error();
  if (auto committed = transaction.commit(); !committed) return committed.error();
  return result;
}

Result<Catalog> SqliteStore::replace_catalog(std::string_view gateway_id, Catalog catalog) {
  return all_or_nothing([&] { return refresh_catalog(*this, gateway_id, std::move(catalog)); });
}

Result<Gateway> SqliteStore::register_gateway(Gateway gateway, Catalog& catalog) {
  return all_or_nothing([&] { return create_with_catalog(*this, std::move(gateway), catalog); });
}

Result<Gateway> SqliteStore::update_gateway(Gateway gateway, Catalog* catalog) {
  return all_or_nothing([&] { return update_with_catalog(*this, std::move(gateway), catalog); });
}

Result<void> SqliteStore::atomically(const std::function<Result<void>(Store&)>& steps) {
  return all_or_nothing([&] { return steps(*this); });
}

Result<void> SqliteStore::revoke_token(RevokedToken token) {
  auto& statement = state_->db.prepare(
      "INSERT INTO revoked_tokens (jti, reason, revoked_at, expires_at) VALUES (?1, ?2, ?3, ?4)"
      " ON CONFLICT (jti) DO NOTHING");
  std::optional<std::int64_t> expires;
  if (token.expires_at) expires = token.expires_at->time_since_epoch().count();
  RowWriter(statement)
      .text(token.jti)
      .text(token.reason)
      .time(current_time())
      .optional_integer(expires);
  return statement.run();
}

Result<bool> SqliteStore::is_token_revoked(std::string_view jti) {
  auto& statement = state_->db.prepare("SELECT 1 FROM revoked_tokens WHERE jti = ?1");
  statement.bind(1, jti);
  auto row = statement.step();
  statement.reset();
  return row;
}

Result<std::vector<std::string>> SqliteStore::revoked_jtis() {
  auto& statement = state_->db.prepare("SELECT jti FROM revoked_tokens");
  std::vector<std::string> out;
  for (;;) {
    auto row = statement.step();
    if (!row) {
      statement.reset();
      return row.error();
    }
    if (!*row) break;
    out.push_back(RowReader(statement, 0).text());
  }
  statement.reset();
  return out;
}

Result<std::size_t> SqliteStore::purge_revocations(Timestamp now) {
  auto& statement = state_->db.prepare("DELETE FROM revoked_tokens WHERE expires_at < ?1");
  RowWriter(statement).time(now);
  if (auto done = statement.run(); !done) return done.error();
  return static_cast<std::size_t>(state_->db.changes());
}

}  // namespace mcpgw::store
