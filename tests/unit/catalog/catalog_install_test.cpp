#include "core/catalog/catalog_install.hpp"

#include <catch2/catch.hpp>

#include "core/catalog/catalog_file.hpp"

using namespace mcpgw::catalog;
using nlohmann::json;

namespace {

CatalogEntry entry(const std::string& yaml) {
  CatalogFile file = read_catalog(yaml, "test");
  INFO((file.problems.empty() ? std::string() : file.problems[0]));
  REQUIRE(file.entries.size() == 1);
  return file.entries[0];
}

const char* kLocal = R"(
- id: fs
  name: Files
  description: files
  tags: [files]
  command: "npx -y @scope/fs ${ROOT} --token-file ${TOKEN_FILE}"
  env:
    - {name: ROOT, required: true}
    - {name: API_TOKEN, secret: true, required: true, description: the token}
    - {name: TOKEN_FILE, default: /tmp/t}
    - {name: LEVEL}
)";

}  // namespace

TEST_CASE("a local entry becomes a STDIO gateway with its env and filled command", "[catalog]") {
  CatalogEntry e = entry(kLocal);
  InstallValues values;
  values.env = {{"ROOT", "/srv/my files"}, {"EXTRA", "1"}};
  values.api_key = "sekrit";
  InstallPlan plan = plan_install(e, values);
  REQUIRE(plan.missing.empty());
  REQUIRE(plan.error.empty());
  CHECK(plan.body["name"] == "Files");
  CHECK(plan.body["transport"] == "STDIO");
  CHECK(plan.body["command"] == "npx -y @scope/fs '/srv/my files' --token-file /tmp/t");
  CHECK(plan.body["env"] == json{{"ROOT", "/srv/my files"}, {"API_TOKEN", "sekrit"}, {"TOKEN_FILE", "/tmp/t"}, {"EXTRA", "1"}});
  CHECK(plan.body["tags"] == json::array({"files"}));
  CHECK(plan.body["description"] == "files");
  CHECK_FALSE(plan.body.contains("url"));
  CHECK(installed_as(e, "", plan.body["command"].get<std::string>()));
  CHECK_FALSE(installed_as(e, "", "npx -y @scope/other /srv --token-file /tmp/t"));
}

TEST_CASE("missing required values are named, secret or not", "[catalog]") {
  CatalogEntry e = entry(kLocal);
  InstallValues values;
  values.name = "mine";
  InstallPlan plan = plan_install(e, values);
  REQUIRE(plan.missing.size() == 2);
  CHECK(plan.missing[0].kind == "env");
  CHECK(plan.missing[0].name == "ROOT");
  CHECK_FALSE(plan.missing[0].secret);
  CHECK(plan.missing[1].name == "API_TOKEN");
  CHECK(plan.missing[1].secret);
  CHECK(plan.missing[1].description == "the token");
  CHECK(plan.body.is_null());
}

TEST_CASE("a remote entry's api key becomes bearer auth, headers become auth headers", "[catalog]") {
  CatalogEntry bearer = entry("- {id: r, name: R, url: 'https://r.example/sse', auth_type: API Key, requires_api_key: true}\n");
  InstallValues values;
  CHECK(plan_install(bearer, values).missing.size() == 1);
  CHECK(plan_install(bearer, values).missing[0].kind == "api_key");
  values.api_key = "k1";
  InstallPlan plan = plan_install(bearer, values);
  REQUIRE(plan.missing.empty());
  CHECK(plan.body["url"] == "https://r.example/sse");
  CHECK(plan.body["transport"] == "SSE");
  CHECK(plan.body["auth_type"] == "bearer");
  CHECK(plan.body["auth_token"] == "k1");

  CatalogEntry custom = entry("- {id: c, name: C, url: 'https://c.example/mcp', auth_type: Token, requires_api_key: true}\n");
  plan = plan_install(custom, values);
  CHECK(plan.body["transport"] == "STREAMABLEHTTP");
  CHECK(plan.body["auth_type"] == "authheaders");
  CHECK(plan.body["auth_headers"] == json::array({{{"key", "X-API-Key"}, {"value", "k1"}}}));

  CatalogEntry headed = entry(R"(
- id: h
  name: H
  url: https://h.example/mcp
  auth_type: API Key
  headers: [{name: X-Workspace, required: true}, {name: X-Region, default: eu}]
)");
  InstallValues none;
  plan = plan_install(headed, none);
  REQUIRE(plan.missing.size() == 1);
  CHECK(plan.missing[0].kind == "header");
  CHECK(plan.missing[0].name == "X-Workspace");
  InstallValues given;
  given.headers = {{"X-Workspace", "w1"}};
  given.api_key = "k2";
  plan = plan_install(headed, given);
  REQUIRE(plan.missing.empty());
  CHECK(plan.body["auth_type"] == "authheaders");
  CHECK(plan.body["auth_headers"] == json::array({{{"key", "Authorization"}, {"value", "Bearer k2"}},
                                                  {{"key", "X-Workspace"}, {"value", "w1"}},
                                                  {{"key", "X-Region"}, {"value", "eu"}}}));
  CHECK(installed_as(headed, "https://h.example/mcp/", ""));
  CHECK_FALSE(installed_as(headed, "https://other.example/mcp", ""));
}

TEST_CASE("an open remote sends no credentials, and a WebSocket entry cannot be installed", "[catalog]") {
  CatalogEntry open = entry("- {id: o, name: O, url: 'https://o.example/mcp', auth_type: Open}\n");
  InstallValues values;
  values.api_key = "ignored";
  InstallPlan plan = plan_install(open, values);
  CHECK_FALSE(plan.body.contains("auth_type"));
  CatalogEntry ws = entry("- {id: w, name: W, url: 'wss://w.example/ws'}\n");
  CHECK(plan_install(ws, {}).error.find("WebSocket") != std::string::npos);
}
