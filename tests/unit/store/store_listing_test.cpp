// Listing, filters and keyset pagination, run against MemoryStore and SqliteStore alike.
#include <set>

#include <catch2/catch.hpp>

#include "core/store/cursor.hpp"
#include "tests/unit/store/store_fixtures.hpp"

using namespace mcpgw::store;
using mcpgw::Errc;
using namespace mcpgw::test;

namespace {

// The names on every page of `query`, following the cursors to the end.
std::vector<std::string> all_names(Collection<Tool>& tools, ListQuery query) {
  std::vector<std::string> names;
  do {
    auto page = tools.list(query);
    REQUIRE(page);
    for (const auto& t : page->items) names.push_back(t.original_name);
    query.cursor = page->next_cursor;
  } while (!query.cursor.empty());
  return names;
}

}  // namespace

TEMPLATE_TEST_CASE("list filters by gateway, tags and enabled", "[store]", MemoryFixture,
                   SqliteFixture) {
  TestType fx;
  Store& store = fx.store;
  auto a = store.gateways().create(make_gateway("a"));
  auto b = store.gateways().create(make_gateway("b"));
  Tool t1 = make_tool(a->id, "one", "a");
  t1.tags = {"red", "blue"};
  Tool t2 = make_tool(a->id, "two", "a");
  t2.tags = {"green"};
  t2.enabled = false;
  Tool t3 = make_tool(b->id, "three", "b");
  t3.tags = {"blue"};
  for (const auto& t : {t1, t2, t3}) REQUIRE(store.tools().create(t));

  ListQuery q;
  CHECK(all_names(store.tools(), q) == std::vector<std::string>{"one", "three"});
  q.include_inactive = true;
  CHECK(all_names(store.tools(), q) == std::vector<std::string>{"one", "two", "three"});
  q.gateway_id = a->id;
  CHECK(all_names(store.tools(), q) == std::vector<std::string>{"one", "two"});
  q.gateway_id.clear();
  q.tags = {"blue"};
  CHECK(all_names(store.tools(), q) == std::vector<std::string>{"one", "three"});
  q.tags = {"green", "red"};
  CHECK(all_names(store.tools(), q) == std::vector<std::string>{"one", "two"});
  q.tags = {"none"};
  CHECK(all_names(store.tools(), q).empty());

  SECTION("gateways and servers filter by tags and enabled too") {
    Gateway off = make_gateway("off");
    off.enabled = false;
    off.tags = {"x"};
    REQUIRE(store.gateways().create(off));
    CHECK(store.gateways().list({})->items.size() == 2);
    CHECK(store.gateways().list({.tags = {"x"}, .include_inactive = true})->items.size() == 1);
  }
}

TEMPLATE_TEST_CASE("pages follow creation order and end with an empty cursor", "[store]",
                   MemoryFixture, SqliteFixture) {
  TestType fx;
  Store& store = fx.store;
  auto gw = store.gateways().create(make_gateway("gw"));
  std::vector<std::string> expected;
  for (int i = 0; i < 25; ++i) {
    std::string name = "t" + std::to_string(i);
    REQUIRE(store.tools().create(make_tool(gw->id, name)));
    expected.push_back(name);
  }
  ListQuery q{.limit = 10};
  auto first = store.tools().list(q);
  REQUIRE(first);
  CHECK(first->items.size() == 10);
  CHECK_FALSE(first->next_cursor.empty());
  q.cursor = first->next_cursor;
  auto second = store.tools().list(q);
  CHECK(second->items.front().original_name == "t10");
  q.cursor = second->next_cursor;
  auto third = store.tools().list(q);
  CHECK(third->items.size() == 5);
  CHECK(third->next_cursor.empty());
  CHECK(all_names(store.tools(), {.limit = 7}) == expected);

  SECTION("a page that ends exactly at the last record has no cursor") {
    auto exact = store.tools().list({.limit = 25});
    CHECK(exact->items.size() == 25);
    CHECK(exact->next_cursor.empty());
  }
  SECTION("the limit is clamped to 1..kMaxPageSize") {
    CHECK(store.tools().list({.limit = 0})->items.size() == 1);
    CHECK(store.tools().list({.limit = 1000000})->items.size() == 25);
  }
}

TEMPLATE_TEST_CASE("a cursor stays valid while records are added and removed", "[store]",
                   MemoryFixture, SqliteFixture) {
  TestType fx;
  Store& store = fx.store;
  auto gw = store.gateways().create(make_gateway("gw"));
  std::vector<std::string> ids;
  for (int i = 0; i < 6; ++i)
    ids.push_back(store.tools().create(make_tool(gw->id, "old" + std::to_string(i)))->id);

  auto page = store.tools().list({.limit = 3});
  REQUIRE(page);
  std::vector<std::string> seen;
  for (const auto& t : page->items) seen.push_back(t.original_name);
  // Between pages: add two, remove one already seen and one not yet seen.
  REQUIRE(store.tools().create(make_tool(gw->id, "new0")));
  REQUIRE(store.tools().remove(ids[0]));
  REQUIRE(store.tools().remove(ids[4]));
  REQUIRE(store.tools().create(make_tool(gw->id, "new1")));
  ListQuery q{.limit = 3, .cursor = page->next_cursor};
  for (const auto& name : all_names(store.tools(), q)) seen.push_back(name);
  CHECK(seen == std::vector<std::string>{"old0", "old1", "old2", "old3", "old5", "new0", "new1"});
}

TEMPLATE_TEST_CASE("a cursor this listing did not issue is refused", "[store]", MemoryFixture,
                   SqliteFixture) {
  TestType fx;
  Store& store = fx.store;
  auto gw = store.gateways().create(make_gateway("gw"));
  REQUIRE(store.tools().create(make_tool(gw->id, "a")));
  REQUIRE(store.tools().create(make_tool(gw->id, "b")));
  auto page = store.tools().list({.limit = 1});
  REQUIRE_FALSE(page->next_cursor.empty());
  CHECK(error_of(store.gateways().list({.cursor = page->next_cursor})) == Errc::invalid_cursor);
  CHECK(error_of(store.tools().list({.cursor = "not a cursor"})) == Errc::invalid_cursor);
  CHECK(error_of(store.tools().list({.cursor = encode_cursor("tools", 0) + "x"})) ==
        Errc::invalid_cursor);
  CHECK(store.tools().list({.cursor = encode_cursor("tools", 1)})->items.size() == 1);
}
