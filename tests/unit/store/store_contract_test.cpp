// The rules every Store follows, run against MemoryStore and SqliteStore alike.
#include <algorithm>

#include <catch2/catch.hpp>

#include "tests/unit/store/store_fixtures.hpp"

using namespace mcpgw::store;
using mcpgw::Errc;
using namespace mcpgw::test;

TEMPLATE_TEST_CASE("a gateway round-trips every field", "[store]", MemoryFixture, SqliteFixture) {
  TestType fx;
  Store& store = fx.store;
  Gateway g = make_gateway("Time Server!");
  g.command = "uvx mcp-server-time";
  g.env = nlohmann::json{{"TZ", "UTC"}};  // typed: see make_tool
  g.auth_type = "bearer";
  g.auth_value_encrypted = "v1:a:b:c";
  g.auth_headers = nlohmann::json::array({{{"key", "X-Api-Key"}, {"value", "k"}}});
  g.passthrough_headers = {"X-Tenant"};
  g.description = "clock";
  g.tags = {"time", "utility"};
  g.tool_prefix = "clock";
  g.reachable = false;
  auto before = current_time();
  auto created = store.gateways().create(g);
  REQUIRE(created);
  CHECK(created->id.size() == 32);
  CHECK(created->id.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(created->id[12] == '4');  // UUID version 4
  CHECK(created->slug == "time-server");
  CHECK(created->created_at >= before);
  CHECK(created->updated_at == created->created_at);

  auto got = store.gateways().get(created->id);
  REQUIRE(got);
  CHECK(got->name == "Time Server!");
  CHECK(got->command == "uvx mcp-server-time");
  CHECK(got->env == nlohmann::json{{"TZ", "UTC"}});
  CHECK(got->auth_type == "bearer");
  CHECK(got->auth_value_encrypted == "v1:a:b:c");
  CHECK(got->auth_headers == g.auth_headers);
  CHECK(got->passthrough_headers == std::vector<std::string>{"X-Tenant"});
  CHECK(got->tags == std::vector<std::string>{"time", "utility"});
  CHECK(got->tool_prefix == std::optional<std::string>("clock"));
  CHECK(got->enabled);
  CHECK_FALSE(got->reachable);
  CHECK(got->created_at == created->created_at);
}

TEMPLATE_TEST_CASE("a REST tool round-trips every request field", "[store]", MemoryFixture, SqliteFixture) {
  TestType fx;
  Store& store = fx.store;
  Tool t = make_tool("", "get_user");
  t.integration_type = "REST";
  t.url = "http://127.0.0.1:9/users/{id}";
  t.request_type = "PATCH";
  t.headers = nlohmann::json{{"X-Client", "e2e"}};
  t.auth_type = "basic";
  t.auth_value_encrypted = "v1:n:c:t";
  t.query_mapping = nlohmann::json{{"who", "name"}};
  t.header_mapping = nlohmann::json{{"tenant", "X-Tenant"}};
  t.timeout_ms = 1500;
  t.jsonpath_filter = "[.[] | .name]";
  auto created = store.tools().create(t);
  REQUIRE(created);
  auto got = store.tools().get(created->id);
  REQUIRE(got);
  CHECK(got->gateway_id.empty());
  CHECK(got->integration_type == "REST");
  CHECK(got->url == t.url);
  CHECK(got->request_type == "PATCH");
  CHECK(got->headers == t.headers);
  CHECK(got->auth_type == "basic");
  CHECK(got->auth_value_encrypted == "v1:n:c:t");
  CHECK(got->query_mapping == t.query_mapping);
  CHECK(got->header_mapping == t.header_mapping);
  CHECK(got->timeout_ms == std::optional<std::int64_t>(1500));
  CHECK(got->jsonpath_filter == "[.[] | .name]");
  // A gateway's tool keeps the defaults.
  auto plain = store.tools().create(make_tool("", "plain"));
  REQUIRE(plain);
  CHECK(store.tools().get(plain->id)->integration_type == "MCP");
  CHECK_FALSE(store.tools().get(plain->id)->timeout_ms);
}

TEMPLATE_TEST_CASE("a local prompt keeps its template and versions, a local resource its content", "[store]",
                   MemoryFixture, SqliteFixture) {
  TestType fx;
  Store& store = fx.store;
  Prompt p{.name = "greet", .original_name = "greet"};
  p.template_text = "Hi {{ who }}";
  p.version = 3;
  p.history = nlohmann::json::array({nlohmann::json{{"version", 2}, {"template", "Hello"}}});
  auto created = store.prompts().create(p);
  REQUIRE(created);
  auto got = store.prompts().get(created->id);
  REQUIRE(got);
  CHECK(got->template_text == "Hi {{ who }}");
  CHECK(got->version == 3);
  CHECK(got->history == p.history);
  Resource text{.uri = "notes://a", .name = "a"};
  text.text = "words";
  Resource bytes{.uri = "notes://b", .name = "b"};
  bytes.blob = "AAEC";
  auto t = store.resources().create(text);
  auto b = store.resources().create(bytes);
  REQUIRE(t);
  REQUIRE(b);
  CHECK(store.resources().get(t->id)->text == std::optional<std::string>("words"));
  CHECK_FALSE(store.resources().get(t->id)->blob);
  CHECK(store.resources().get(b->id)->blob == std::optional<std::string>("AAEC"));
  CHECK_FALSE(store.resources().get(b->id)->text);
}

TEMPLATE_TEST_CASE("atomically keeps all the steps or none", "[store]", MemoryFixture, SqliteFixture) {
  TestType fx;
  Store& store = fx.store;
  auto failing = [](Store& s) -> Result<void> {
    if (auto p = s.prompts().create(Prompt{.name = "kept?", .original_name = "kept?"}); !p) return p.error();
    Gateway g = make_gateway("gw");
    Catalog catalog;
    if (auto r = s.register_gateway(g, catalog); !r) return r.error();  // nested all-or-nothing
    return s.prompts().create(Prompt{.name = "kept?", .original_name = "kept?"}).error();  // a conflict
  };
  auto result = store.atomically(failing);
  CHECK(result.error() == mcpgw::make_error_code(Errc::record_conflict));
  CHECK(store.prompts().list({})->items.empty());
  CHECK(store.gateways().list({})->items.empty());
  auto fine = [](Store& s) -> Result<void> {
    if (auto p = s.prompts().create(Prompt{.name = "a", .original_name = "a"}); !p) return p.error();
    if (auto p = s.prompts().create(Prompt{.name = "b", .original_name = "b"}); !p) return p.error();
    return {};
  };
  REQUIRE(store.atomically(fine));
  CHECK(store.prompts().list({})->items.size() == 2);
}

TEMPLATE_TEST_CASE("catalog records and servers round-trip", "[store]", MemoryFixture,
                   SqliteFixture) {
  TestType fx;
  Store& store = fx.store;
  auto gw = store.gateways().create(make_gateway("gw"));
  REQUIRE(gw);

  Tool t = make_tool(gw->id, "echo");
  t.display_name = "Echo";
  t.output_schema = nlohmann::json{{"type", "object"}};
  t.annotations = nlohmann::json{{"readOnlyHint", true}};
  auto tool = store.tools().create(t);
  REQUIRE(tool);
  Tool local = make_tool("", "local");  // no gateway
  auto local_tool = store.tools().create(local);
  REQUIRE(local_tool);
  CHECK(store.tools().get(local_tool->id)->gateway_id.empty());
  CHECK(store.tools().get(local_tool->id)->output_schema.is_null());
  auto got = store.tools().get(tool->id);
  REQUIRE(got);
  CHECK(got->gateway_id == gw->id);
  CHECK(got->display_name == "Echo");
  CHECK(got->input_schema == nlohmann::json{{"type", "object"}});
  CHECK(got->output_schema == nlohmann::json{{"type", "object"}});
  CHECK(got->annotations == nlohmann::json{{"readOnlyHint", true}});

  Resource r{.gateway_id = gw->id, .uri = "file:///a.txt", .name = "a", .mime_type = "text/plain"};
  r.size = 12;
  auto resource = store.resources().create(r);
  REQUIRE(resource);
  CHECK(store.resources().get(resource->id)->size == std::optional<std::int64_t>(12));
  CHECK(store.resources().get(resource->id)->mime_type == "text/plain");

  ResourceTemplate rt{.gateway_id = gw->id, .uri_template = "file:///{path}", .name = "files"};
  auto templ = store.resource_templates().create(rt);
  REQUIRE(templ);
  CHECK(store.resource_templates().get(templ->id)->uri_template == "file:///{path}");

  Prompt p{.gateway_id = gw->id, .name = "gw-greet", .original_name = "greet"};
  p.arguments = nlohmann::json::array({{{"name", "who"}, {"required", true}}});
  auto prompt = store.prompts().create(p);
  REQUIRE(prompt);
  CHECK(store.prompts().get(prompt->id)->arguments == p.arguments);

  Server s{.name = "bundle", .description = "two tools"};
  s.tool_ids = {local_tool->id, tool->id, local_tool->id};  // order kept, repeat dropped
  s.resource_ids = {resource->id};
  s.prompt_ids = {prompt->id};
  s.tags = {"team-a"};
  auto server = store.servers().create(s);
  REQUIRE(server);
  auto got_server = store.servers().get(server->id);
  REQUIRE(got_server);
  CHECK(got_server->tool_ids == std::vector<std::string>{local_tool->id, tool->id});
  CHECK(got_server->resource_ids == std::vector<std::string>{resource->id});
  CHECK(got_server->prompt_ids == std::vector<std::string>{prompt->id});
  CHECK(got_server->tags == std::vector<std::string>{"team-a"});
}

TEMPLATE_TEST_CASE("missing records are reported as not found", "[store]", MemoryFixture,
                   SqliteFixture) {
  TestType fx;
  Store& store = fx.store;
  CHECK(error_of(store.gateways().get("nope")) == Errc::record_not_found);
  Gateway g = make_gateway("x");
  g.id = "nope";
  CHECK(error_of(store.gateways().update(g)) == Errc::record_not_found);
  CHECK(error_of(store.gateways().remove("nope")) == Errc::record_not_found);
  CHECK(error_of(store.servers().get("nope")) == Errc::record_not_found);
  CHECK(error_of(store.tools().remove("nope")) == Errc::record_not_found);
}

TEMPLATE_TEST_CASE("a taken unique name or id is a conflict, not an exception", "[store]",
                   MemoryFixture, SqliteFixture) {
  TestType fx;
  Store& store = fx.store;
  auto first = store.gateways().create(make_gateway("Time"));
  REQUIRE(first);
  CHECK(error_of(store.gateways().create(make_gateway("Time"))) == Errc::record_conflict);
  // A different name with the same slug is a conflict too.
  CHECK(error_of(store.gateways().create(make_gateway("time!"))) == Errc::record_conflict);
  Gateway same_id = make_gateway("Other");
  same_id.id = first->id;
  CHECK(error_of(store.gateways().create(same_id)) == Errc::record_conflict);

  auto a = store.gateways().create(make_gateway("a"));
  auto b = store.gateways().create(make_gateway("b"));
  REQUIRE(a);
  REQUIRE(b);
  REQUIRE(store.tools().create(make_tool(a->id, "echo", "a")));
  CHECK(error_of(store.tools().create(make_tool(b->id, "echo", "a"))) == Errc::record_conflict);
  CHECK(store.tools().create(make_tool(b->id, "echo", "b")));

  Resource r{.gateway_id = a->id, .uri = "file:///x"};
  REQUIRE(store.resources().create(r));
  CHECK(error_of(store.resources().create(r)) == Errc::record_conflict);
  r.gateway_id = b->id;  // the same uri from another gateway is fine
  CHECK(store.resources().create(r));
  r.gateway_id.clear();
  CHECK(store.resources().create(r));
  CHECK(error_of(store.resources().create(r)) == Errc::record_conflict);

  SECTION("renaming onto a taken name fails and changes nothing") {
    Gateway renamed = *a;
    renamed.name = "b";
    renamed.slug.clear();
    CHECK(error_of(store.gateways().update(renamed)) == Errc::record_conflict);
    CHECK(store.gateways().get(a->id)->name == "a");
  }
}

TEMPLATE_TEST_CASE("references must resolve", "[store]", MemoryFixture, SqliteFixture) {
  TestType fx;
  Store& store = fx.store;
  CHECK(error_of(store.tools().create(make_tool("no-such-gateway", "echo"))) ==
        Errc::dangling_reference);
  Server s{.name = "s"};
  s.tool_ids = {"no-such-tool"};
  CHECK(error_of(store.servers().create(s)) == Errc::dangling_reference);
  CHECK(error_of(store.servers().get(s.id)) == Errc::record_not_found);
  s.tool_ids.clear();
  s.prompt_ids = {"no-such-prompt"};
  CHECK(error_of(store.servers().create(s)) == Errc::dangling_reference);
}

TEMPLATE_TEST_CASE("update replaces fields and keeps created_at", "[store]", MemoryFixture,
                   SqliteFixture) {
  TestType fx;
  Store& store = fx.store;
  auto created = store.gateways().create(make_gateway("gw"));
  REQUIRE(created);
  Gateway changed = *created;
  changed.url = "http://127.0.0.1:9999/sse";
  changed.enabled = false;
  changed.created_at = Timestamp{};  // ignored
  auto updated = store.gateways().update(changed);
  REQUIRE(updated);
  CHECK(updated->created_at == created->created_at);
  CHECK(updated->updated_at >= created->updated_at);
  auto got = store.gateways().get(created->id);
  CHECK(got->url == "http://127.0.0.1:9999/sse");
  CHECK_FALSE(got->enabled);
  CHECK(got->created_at == created->created_at);

  SECTION("a server's links are replaced") {
    auto t1 = store.tools().create(make_tool(created->id, "one"));
    auto t2 = store.tools().create(make_tool(created->id, "two"));
    Server s{.name = "s"};
    s.tool_ids = {t1->id};
    auto server = store.servers().create(s);
    REQUIRE(server);
    server->tool_ids = {t2->id, t1->id};
    REQUIRE(store.servers().update(*server));
    CHECK(store.servers().get(server->id)->tool_ids == std::vector<std::string>{t2->id, t1->id});
  }
}

TEMPLATE_TEST_CASE("removing cascades to what depends on the record", "[store]", MemoryFixture,
                   SqliteFixture) {
  TestType fx;
  Store& store = fx.store;
  auto gw = store.gateways().create(make_gateway("gw"));
  auto other = store.gateways().create(make_gateway("other"));
  auto t1 = store.tools().create(make_tool(gw->id, "one"));
  auto t2 = store.tools().create(make_tool(other->id, "two", "other"));
  auto p =
      store.prompts().create(Prompt{.gateway_id = gw->id, .name = "gw-p", .original_name = "p"});
  auto r = store.resources().create(Resource{.gateway_id = gw->id, .uri = "u:1"});
  REQUIRE((t1 && t2 && p && r));
  Server s{.name = "s"};
  s.tool_ids = {t1->id, t2->id};
  s.prompt_ids = {p->id};
  s.resource_ids = {r->id};
  auto server = store.servers().create(s);
  REQUIRE(server);

  SECTION("a tool leaves the servers that had it") {
    REQUIRE(store.tools().remove(t2->id));
    CHECK(store.servers().get(server->id)->tool_ids == std::vector<std::string>{t1->id});
  }
  SECTION("a gateway takes its catalog with it") {
    REQUIRE(store.gateways().remove(gw->id));
    CHECK(error_of(store.tools().get(t1->id)) == Errc::record_not_found);
    CHECK(error_of(store.prompts().get(p->id)) == Errc::record_not_found);
    CHECK(error_of(store.resources().get(r->id)) == Errc::record_not_found);
    CHECK(store.tools().get(t2->id));
    auto left = store.servers().get(server->id);
    REQUIRE(left);
    CHECK(left->tool_ids == std::vector<std::string>{t2->id});
    CHECK(left->prompt_ids.empty());
    CHECK(left->resource_ids.empty());
  }
  SECTION("a server goes alone") {
    REQUIRE(store.servers().remove(server->id));
    CHECK(store.tools().get(t1->id));
    CHECK(error_of(store.servers().get(server->id)) == Errc::record_not_found);
  }
}

TEMPLATE_TEST_CASE("revoked token ids are remembered until purged after expiry", "[store]",
                   MemoryFixture, SqliteFixture) {
  TestType fx;
  Store& store = fx.store;
  auto now = current_time();
  CHECK(store.is_token_revoked("jti-1").value() == false);
  REQUIRE(store.revoke_token({.jti = "jti-1", .expires_at = now - std::chrono::hours(1)}));
  REQUIRE(store.revoke_token({.jti = "jti-2", .expires_at = now + std::chrono::hours(1)}));
  REQUIRE(store.revoke_token({.jti = "jti-3", .reason = "no expiry"}));
  CHECK(store.revoke_token({.jti = "jti-1"}));  // again: fine
  CHECK(store.is_token_revoked("jti-1").value());
  CHECK(store.is_token_revoked("jti-2").value());
  CHECK(store.purge_revocations(now).value() == 1);
  CHECK_FALSE(store.is_token_revoked("jti-1").value());
  CHECK(store.is_token_revoked("jti-2").value());
  CHECK(store.is_token_revoked("jti-3").value());
  auto all = store.revoked_jtis().value();
  std::sort(all.begin(), all.end());
  CHECK(all == std::vector<std::string>{"jti-2", "jti-3"});
}
