#include "core/store/sqlite_store.hpp"

#include <sqlite3.h>

#include <catch2/catch.hpp>

#include "core/store/migrate.hpp"
#include "core/store/sqlite_connection.hpp"
#include "core/store/sqlite_error.hpp"
#include "tests/unit/store/store_fixtures.hpp"

using namespace mcpgw::store;
using mcpgw::ConfigError;
using mcpgw::Errc;
using mcpgw::Fatal;
using namespace mcpgw::test;

namespace {

std::string db_path(const TempDir& dir) { return (dir.path / "mcp.db").string(); }

std::string query(SqliteConnection& db, std::string_view sql) { return db.query_text(sql).value(); }

}  // namespace

TEST_CASE("a reopened database file holds everything written before", "[store][sqlite]") {
  TempDir dir;
  std::string gateway_id, server_id;
  {
    SqliteStore store(db_path(dir));
    auto gw = store.gateways().create(make_gateway("gw"));
    REQUIRE(gw);
    gateway_id = gw->id;
    Catalog catalog;
    catalog.tools = {make_tool(gw->id, "echo"), make_tool(gw->id, "add")};
    auto stored = store.replace_catalog(gw->id, catalog);
    REQUIRE(stored);
    Server s{.name = "bundle"};
    s.tool_ids = {stored->tools[1].id};
    server_id = store.servers().create(s)->id;
    REQUIRE(store.revoke_token({.jti = "gone"}));
  }
  SqliteStore reopened(db_path(dir));
  CHECK(reopened.gateways().get(gateway_id)->name == "gw");
  auto tools = reopened.tools().list({});
  REQUIRE(tools);
  REQUIRE(tools->items.size() == 2);
  CHECK(tools->items[0].original_name == "echo");
  CHECK(reopened.servers().get(server_id)->tool_ids ==
        std::vector<std::string>{tools->items[1].id});
  CHECK(reopened.is_token_revoked("gone").value());
}

TEST_CASE("migrations run once and record their version", "[store][sqlite]") {
  TempDir dir;
  const int latest = migrations::all().back().version;
  {
    SqliteStore store(db_path(dir));
    CHECK(schema_version(store.connection()) == latest);
    CHECK(query(store.connection(), "SELECT count(*) FROM schema_version") ==
          std::to_string(migrations::all().size()));
    CHECK(migrate(store.connection()) == 0);
  }
  SqliteStore again(db_path(dir));
  CHECK(query(again.connection(), "SELECT count(*) FROM schema_version") ==
        std::to_string(migrations::all().size()));
  CHECK(query(again.connection(), "SELECT name FROM schema_version WHERE version = 1") ==
        "initial schema");
}

TEST_CASE("migrations apply step by step, and a failing one changes nothing", "[store][sqlite]") {
  TempDir dir;
  SqliteConnection db(db_path(dir));
  const migrations::Migration one{1, "one", "CREATE TABLE a (x)"};
  const migrations::Migration bad{2, "bad", "CREATE TABLE b (x); THIS IS NOT SQL"};
  const migrations::Migration two{2, "two", "CREATE TABLE b (x)"};
  const migrations::Migration broken[] = {one, bad};
  CHECK_THROWS_WITH(migrate(db, broken), Catch::Contains("2 (bad) failed"));
  CHECK(schema_version(db) == 0);
  CHECK(query(db, "SELECT count(*) FROM sqlite_master WHERE name IN ('a', 'b')") == "0");

  const migrations::Migration first[] = {one};
  CHECK(migrate(db, first) == 1);
  const migrations::Migration both[] = {one, two};
  CHECK(migrate(db, both) == 1);
  CHECK(migrate(db, both) == 0);
  CHECK(schema_version(db) == 2);
  CHECK(query(db, "SELECT count(*) FROM sqlite_master WHERE name IN ('a', 'b')") == "2");
}

TEST_CASE("a database of schema 1 gains REST tool columns, its tools becoming MCP tools", "[store][sqlite]") {
  TempDir dir;
  {
    SqliteConnection db(db_path(dir));
    const migrations::Migration first[] = {migrations::kInitialSchema};
    REQUIRE(migrate(db, first) == 1);
    REQUIRE(db.exec("INSERT INTO tools (id, name, original_name, display_name, description, input_schema, "
                    "annotations, tags, enabled, created_at, updated_at) VALUES ('00000000000040008000000000000001', "
                    "'old', 'old', '', '', '{}', '{}', '[]', 1, 0, 0)"));
  }
  SqliteStore store(db_path(dir));
  auto old = store.tools().get("00000000000040008000000000000001");
  REQUIRE(old);
  CHECK(old->integration_type == "MCP");
  CHECK(old->headers == nlohmann::json::object());
  CHECK(old->query_mapping == nlohmann::json::object());
  CHECK_FALSE(old->timeout_ms);
  CHECK(old->jsonpath_filter.empty());
}

TEST_CASE("a database from a newer mcpgw is refused", "[store][sqlite]") {
  TempDir dir;
  { SqliteStore store(db_path(dir)); }
  {
    SqliteConnection db(db_path(dir));
    REQUIRE(db.exec("INSERT INTO schema_version VALUES (999, 'future', 0)"));
  }
  CHECK_THROWS_AS(SqliteStore(db_path(dir)), Fatal);
  CHECK_THROWS_WITH(SqliteStore(db_path(dir)), Catch::Contains("schema version 999, newer"));
}

TEST_CASE("the database runs in WAL with foreign keys, FULL sync and a busy timeout",
          "[store][sqlite]") {
  TempDir dir;
  SqliteStore store(db_path(dir), 1234);
  auto& db = store.connection();
  CHECK(query(db, "PRAGMA journal_mode") == "wal");
  CHECK(query(db, "PRAGMA foreign_keys") == "1");
  CHECK(query(db, "PRAGMA synchronous") == "2");  // FULL
  CHECK(query(db, "PRAGMA busy_timeout") == "1234");
}

TEST_CASE("database failures come back as values", "[store][sqlite]") {
  TempDir dir;
  SqliteStore first(db_path(dir));
  SqliteStore second(db_path(dir), 0);
  SECTION("a unique-name conflict is ours, not SQLite's") {
    REQUIRE(first.gateways().create(make_gateway("gw")));
    auto again = second.gateways().create(make_gateway("gw"));
    REQUIRE_FALSE(again);
    CHECK(again.error() == mcpgw::make_error_code(Errc::record_conflict));
  }
  SECTION("a lock held past busy_timeout is SQLITE_BUSY") {
    SqliteTransaction holding(first.connection());
    REQUIRE(holding.started());
    auto blocked = second.gateways().create(make_gateway("gw"));
    REQUIRE_FALSE(blocked);
    CHECK(&blocked.error().category() == &sqlite_category());
    CHECK((blocked.error().value() & 0xff) == SQLITE_BUSY);
  }
}

TEST_CASE("values are bound, never spliced into SQL", "[store][sqlite]") {
  TempDir dir;
  SqliteStore store(db_path(dir));
  Gateway g = make_gateway("x'); DROP TABLE gateways; --");
  g.description = "?1 ?2 '\"";
  auto created = store.gateways().create(g);
  REQUIRE(created);
  CHECK(store.gateways().get(created->id)->name == g.name);
  CHECK(store.gateways().get(created->id)->description == g.description);
  CHECK(store.tools().list({.tags = {"') OR 1=1 --"}})->items.empty());
}

TEST_CASE("a database that cannot be opened is a config error naming it", "[store][sqlite]") {
  TempDir dir;
  std::string path = (dir.path / "missing-dir" / "mcp.db").string();
  CHECK_THROWS_AS(SqliteStore(path), ConfigError);
  CHECK_THROWS_WITH(SqliteStore(path), Catch::Contains(path));
}

TEST_CASE("an in-memory SQLite store works for a single connection", "[store][sqlite]") {
  SqliteStore store(":memory:");
  auto gw = store.gateways().create(make_gateway("gw"));
  REQUIRE(gw);
  CHECK(store.gateways().get(gw->id)->slug == "gw");
}
