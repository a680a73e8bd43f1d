#include "core/admin/desired_config.hpp"

#include <catch2/catch.hpp>

using namespace mcpgw::admin;
using nlohmann::json;

namespace {

std::optional<std::string> no_env(const std::string&) { return std::nullopt; }

LocatedDocument doc(const std::string& file, const std::string& text) {
  std::string error;
  auto d = read_located(file, text, error);
  INFO(error);
  REQUIRE(d);
  return std::move(*d);
}

std::vector<std::string> problems_of(const std::vector<LocatedDocument>& docs, EnvLookup env = no_env) {
  std::vector<std::string> problems;
  CHECK_FALSE(load_desired(docs, env, problems));
  return problems;
}

}  // namespace

TEST_CASE("apply's files become the export document's entities", "[admin][desired]") {
  auto env = [](const std::string& name) -> std::optional<std::string> {
    if (name == "TOKEN") return std::string("s3cret");
    return std::nullopt;
  };
  std::vector<std::string> problems;
  auto config = load_desired({doc("a.yaml", R"(gateways:
  - name: remote
    url: http://127.0.0.1:9/mcp
    transport: streamable-http
    auth_type: bearer
    auth_token: ${TOKEN}
  - name: local
    command: node server.js
tools:
  - name: weather
    url: http://127.0.0.1:9/w
    method: get
    enabled: false
)"),
                              doc("b.yaml", "servers:\n  - name: s\n    tools: [weather]\n")},
                             env, problems);
  INFO(problems.size());
  REQUIRE(config);
  const json& g = config->entities["gateways"];
  REQUIRE(g.size() == 2);
  CHECK(g[0]["transport"] == "STREAMABLEHTTP");
  CHECK(g[0]["auth_token"] == "s3cret");
  CHECK(g[1]["transport"] == "STDIO");
  CHECK(config->entities["tools"][0]["request_type"] == "GET");
  CHECK(config->entities["tools"][0]["is_active"] == false);
  CHECK_FALSE(config->entities["tools"][0].contains("enabled"));
  CHECK(config->entities["servers"][0]["associated_tools"] == json::array({"weather"}));
  CHECK(config->entities["prompts"].empty());
  CHECK(config->location("servers", 0).text() == "b.yaml:2:5");
}

TEST_CASE("every problem in the files is named with its place", "[admin][desired]") {
  auto problems = problems_of({doc("c.yaml", R"(gateways:
  - name: g
    url: http://127.0.0.1:9/mcp
    desciption: typo
    tags: notalist
  - name: g
    command: x
prompts:
  - name: p
servers:
  - name: s
    tools: [a]
    associated_tools: [b]
toolz: []
)")});
  REQUIRE(problems.size() == 6);
  CHECK(problems[0] == "c.yaml:4:5: unknown key 'desciption' in gateways (did you mean 'description'?)");
  CHECK(problems[1] == "c.yaml:5:5: tags must be a list of strings");
  CHECK(problems[2] == "c.yaml:6:5: gateways 'g' is described twice (first at c.yaml:2:5)");
  CHECK(problems[3] == "c.yaml:9:5: prompts entry needs 'template'");
  CHECK(problems[4] == "c.yaml:12:5: give tools or associated_tools, not both");
  CHECK(problems[5] == "c.yaml:14:1: unknown key 'toolz' (did you mean 'tools'?)");
}

TEST_CASE("names are unique across files, and ${VAR}s must be set", "[admin][desired]") {
  auto problems = problems_of({doc("one.yaml", "tools:\n  - name: t\n    url: http://127.0.0.1:9/${HOST_PART}\n"),
                               doc("two.toml", "[[tools]]\nname = \"t\"\nurl = \"http://127.0.0.1:9/\"\n")});
  REQUIRE(problems.size() == 2);
  CHECK(problems[0] == "one.yaml:3:5: ${HOST_PART} is not set in the environment");
  CHECK(problems[1].rfind("two.toml:", 0) == 0);
  CHECK(problems[1].find("described twice (first at one.yaml:2:5)") != std::string::npos);
}

TEST_CASE("a gateway needs a url or a command, a resource a uri or a template", "[admin][desired]") {
  auto problems = problems_of({doc("d.yaml", "gateways:\n  - name: g\nresources:\n  - name: r\n    content: x\n")});
  REQUIRE(problems.size() == 2);
  CHECK(problems[0] == "d.yaml:2:5: a gateway needs url or command (one of them)");
  CHECK(problems[1] == "d.yaml:4:5: a resource needs uri or uri_template (one of them)");
}

TEST_CASE("did_you_mean suggests only near words", "[admin][desired]") {
  CHECK(did_you_mean("urll", {"url", "name"}) == "url");
  CHECK(did_you_mean("zzzzzz", {"url", "name"}).empty());
}
