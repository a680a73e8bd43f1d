// replace_catalog, run against MemoryStore and SqliteStore alike.
#include <catch2/catch.hpp>

#include "tests/unit/store/store_fixtures.hpp"

using namespace mcpgw::store;
using mcpgw::Errc;
using namespace mcpgw::test;

namespace {

Catalog catalog_of(const std::string& gateway_id, std::vector<std::string> tool_names) {
  Catalog c;
  for (const auto& name : tool_names) c.tools.push_back(make_tool(gateway_id, name));
  c.resources.push_back(Resource{.uri = "file:///readme", .name = "readme"});
  c.resource_templates.push_back(ResourceTemplate{.uri_template = "file:///{p}", .name = "files"});
  c.prompts.push_back(Prompt{.name = "gw-greet", .original_name = "greet"});
  return c;
}

std::vector<std::string> tool_names(Store& store, const std::string& gateway_id) {
  std::vector<std::string> names;
  auto page = store.tools().list({.gateway_id = gateway_id, .include_inactive = true});
  for (const auto& t : page->items) names.push_back(t.original_name);
  return names;
}

}  // namespace

TEMPLATE_TEST_CASE("a refresh keeps the ids of tools that are still there", "[store]",
                   MemoryFixture, SqliteFixture) {
  TestType fx;
  Store& store = fx.store;
  auto gw = store.gateways().create(make_gateway("gw"));
  REQUIRE(gw);
  auto first = store.replace_catalog(gw->id, catalog_of(gw->id, {"echo", "add", "old"}));
  REQUIRE(first);
  REQUIRE(first->tools.size() == 3);
  const Tool echo = first->tools[0];
  const Tool old = first->tools[2];
  CHECK(echo.gateway_id == gw->id);
  CHECK(first->resources[0].gateway_id == gw->id);

  // The administrator disables echo, tags it and bundles it into a server with old.
  Tool disabled = echo;
  disabled.enabled = false;
  disabled.tags = {"vetted"};
  REQUIRE(store.tools().update(disabled));
  Server s{.name = "bundle"};
  s.tool_ids = {echo.id, old.id};
  s.prompt_ids = {first->prompts[0].id};
  auto server = store.servers().create(s);
  REQUIRE(server);

  Catalog next = catalog_of(gw->id, {"echo", "add", "fresh"});
  next.tools[0].description = "echoes, now better";
  auto second = store.replace_catalog(gw->id, next);
  REQUIRE(second);
  CHECK(second->tools[0].id == echo.id);
  CHECK(second->tools[0].created_at == echo.created_at);
  CHECK(second->tools[1].id == first->tools[1].id);
  CHECK(second->tools[2].id != old.id);
  CHECK(second->prompts[0].id == first->prompts[0].id);
  CHECK(second->resources[0].id == first->resources[0].id);
  CHECK(second->resource_templates[0].id == first->resource_templates[0].id);

  auto stored_echo = store.tools().get(echo.id);
  REQUIRE(stored_echo);
  CHECK(stored_echo->description == "echoes, now better");  // upstream fields replaced
  CHECK_FALSE(stored_echo->enabled);                        // administrator's choices kept
  CHECK(stored_echo->tags == std::vector<std::string>{"vetted"});
  CHECK(error_of(store.tools().get(old.id)) == Errc::record_not_found);
  CHECK(tool_names(store, gw->id) == std::vector<std::string>{"echo", "add", "fresh"});
  auto bundle = store.servers().get(server->id);
  CHECK(bundle->tool_ids == std::vector<std::string>{echo.id});
  CHECK(bundle->prompt_ids == std::vector<std::string>{first->prompts[0].id});
}

TEMPLATE_TEST_CASE("a refresh is all or nothing", "[store]", MemoryFixture, SqliteFixture) {
  TestType fx;
  Store& store = fx.store;
  auto gw = store.gateways().create(make_gateway("gw"));
  auto other = store.gateways().create(make_gateway("other"));
  REQUIRE(store.replace_catalog(gw->id, catalog_of(gw->id, {"echo", "add"})));
  // Another gateway already exposes "gw-clash", so the refresh cannot create it.
  REQUIRE(store.tools().create(make_tool(other->id, "clash", "gw")));
  auto failed = store.replace_catalog(gw->id, catalog_of(gw->id, {"add", "clash"}));
  CHECK(error_of(failed) == Errc::record_conflict);
  CHECK(tool_names(store, gw->id) == std::vector<std::string>{"echo", "add"});
  CHECK(store.prompts().list({.gateway_id = gw->id})->items.size() == 1);
}

TEMPLATE_TEST_CASE("a refresh of an unknown gateway is not found; an empty one clears", "[store]",
                   MemoryFixture, SqliteFixture) {
  TestType fx;
  Store& store = fx.store;
  CHECK(error_of(store.replace_catalog("nope", Catalog{})) == Errc::record_not_found);
  auto gw = store.gateways().create(make_gateway("gw"));
  REQUIRE(store.replace_catalog(gw->id, catalog_of(gw->id, {"echo"})));
  auto cleared = store.replace_catalog(gw->id, Catalog{});
  REQUIRE(cleared);
  CHECK(tool_names(store, gw->id).empty());
  CHECK(store.resources().list({.gateway_id = gw->id})->items.empty());
  CHECK(store.gateways().get(gw->id));
}

TEMPLATE_TEST_CASE("a gateway is registered with its catalog, or not at all", "[store]", MemoryFixture,
                   SqliteFixture) {
  TestType fx;
  Store& store = fx.store;
  auto first = store.gateways().create(make_gateway("first"));
  REQUIRE(first);
  REQUIRE(store.replace_catalog(first->id, catalog_of(first->id, {"echo"})));

  SECTION("whole") {
    Gateway g = make_gateway("second");
    g.id = "0123456789abcdef0123456789abcdef";
    Catalog catalog = catalog_of(g.id, {"add", "sub"});
    for (auto& t : catalog.tools) t.name = "second-" + t.original_name;
    catalog.prompts[0].name = "second-greet";
    auto created = store.register_gateway(g, catalog);
    REQUIRE(created);
    CHECK(created->name == "second");
    CHECK(catalog.tools.size() == 2);
    CHECK(catalog.tools[0].gateway_id == created->id);
    CHECK(tool_names(store, created->id) == std::vector<std::string>{"add", "sub"});
  }
  SECTION("nothing, when its catalog cannot be stored") {
    Gateway g = make_gateway("second");
    g.id = "0123456789abcdef0123456789abcdef";
    Catalog catalog = catalog_of(g.id, {"echo"});  // gw-echo and gw-greet are taken by "first"
    auto created = store.register_gateway(g, catalog);
    REQUIRE_FALSE(created);
    CHECK(created.error() == Errc::record_conflict);
    CHECK(store.gateways().get(g.id).error() == Errc::record_not_found);
    CHECK(store.gateways().list({})->items.size() == 1);
  }
  SECTION("nothing, when the gateway's name is taken") {
    Gateway g = make_gateway("first");
    Catalog catalog = catalog_of("", {"other"});
    auto created = store.register_gateway(g, catalog);
    REQUIRE_FALSE(created);
    CHECK(created.error() == Errc::record_conflict);
    CHECK(tool_names(store, first->id) == std::vector<std::string>{"echo"});
  }
}
