#include "core/catalog/catalog_file.hpp"

#include <algorithm>

#include <catch2/catch.hpp>

#include "core/catalog/default_catalog.hpp"
#include "core/error.hpp"
#include "tests/unit/temp_dir.hpp"

using namespace mcpgw::catalog;

namespace {

/// The problems of `text` as "line:column: message" lines.
std::vector<std::string> problems_of(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& p : read_catalog(text, "c.yaml").problems) {
    REQUIRE(p.starts_with("c.yaml:"));
    out.push_back(p.substr(7));
  }
  return out;
}

bool has(const std::vector<std::string>& problems, const std::string& start) {
  return std::any_of(problems.begin(), problems.end(), [&start](const std::string& p) { return p.starts_with(start); });
}

}  // namespace

TEST_CASE("a catalog in ContextForge's layout loads with its fields", "[catalog]") {
  const char* text = R"(# MCP Server Catalog Configuration
catalog_servers:
  - id: asana
    name: "Asana"
    category: "Project Management"
    url: "https://mcp.asana.com/sse"
    auth_type: "OAuth2.1"
    provider: "Asana"
    description: "Task and project management platform for teams"
    requires_api_key: false
    tags: ["project-management", "collaboration", "tasks"]

  - id: cortex
    name: "Cortex"
    category: "Software Development"
    url: "https://mcp.cortex.io/mcp"
    auth_type: "API Key"
    provider: "Cortex"
    transport: "SSE"
    secure: true
    description: "Internal developer portal and service catalog"
    requires_api_key: true
    repo: "https://github.com/example/cortex"
    install: "npx -y @example/cortex"
    tags: ["developer-portal"]

categories:
  - Project Management
auth_types:
  - OAuth2.1
)";
  CatalogFile file = read_catalog(text, "mcp-catalog.yml");
  INFO((file.problems.empty() ? std::string() : file.problems[0]));
  REQUIRE(file.problems.empty());
  REQUIRE(file.entries.size() == 2);
  const CatalogEntry& asana = file.entries[0];
  CHECK(asana.id == "asana");
  CHECK(asana.url == "https://mcp.asana.com/sse");
  CHECK(asana.auth_type == "OAuth2.1");
  CHECK(asana.tags == std::vector<std::string>{"project-management", "collaboration", "tasks"});
  CHECK(effective_transport(asana) == "SSE");
  const CatalogEntry& cortex = file.entries[1];
  CHECK(cortex.transport == "SSE");
  CHECK(cortex.secure);
  CHECK(cortex.requires_api_key);
  CHECK(cortex.install == "npx -y @example/cortex");
  CHECK(cortex.repo == "https://github.com/example/cortex");
}

TEST_CASE("our fields load: command, env inputs and homepage", "[catalog]") {
  const char* text = R"(servers:
  - id: git
    name: Git
    command: "uvx mcp-server-git --repository ${REPO}"
    homepage: https://example.org/git
    env:
      - {name: REPO, description: "a path", required: true}
      - name: TOKEN
        secret: true
        default: "abc"
)";
  CatalogFile file = read_catalog(text, "c.yaml");
  REQUIRE(file.problems.empty());
  REQUIRE(file.entries.size() == 1);
  const CatalogEntry& git = file.entries[0];
  CHECK(git.command == "uvx mcp-server-git --repository ${REPO}");
  CHECK(git.homepage == "https://example.org/git");
  CHECK(effective_transport(git) == "STDIO");
  REQUIRE(git.env.size() == 2);
  CHECK(git.env[0].name == "REPO");
  CHECK(git.env[0].required);
  CHECK_FALSE(git.env[0].secret);
  CHECK(git.env[1].secret);
  CHECK(git.env[1].default_value == std::optional<std::string>("abc"));
}

TEST_CASE("a bare list of entries and JSON text load too", "[catalog]") {
  CHECK(read_catalog("- {id: a, name: A, url: 'https://a.example/mcp'}\n", "c.yaml").entries.size() == 1);
  CatalogFile json = read_catalog(R"({"catalog_servers": [{"id": "b", "name": "B", "command": "npx -y b"}]})", "c.json");
  REQUIRE(json.problems.empty());
  REQUIRE(json.entries.size() == 1);
  CHECK(json.entries[0].command == "npx -y b");
  CHECK(read_catalog("", "empty.yaml").entries.empty());
  CHECK(read_catalog("", "empty.yaml").problems.empty());
}

TEST_CASE("entry_to_json reads back as the same entry", "[catalog]") {
  CatalogFile file = read_catalog(default_catalog_text(), "embedded");
  REQUIRE(!file.entries.empty());
  for (const auto& e : file.entries) {
    std::vector<EntryProblem> problems;
    CatalogEntry again = entry_from_json(entry_to_json(e), problems);
    INFO(e.id);
    CHECK(problems.empty());
    CHECK(entry_to_json(again) == entry_to_json(e));
  }
}

TEST_CASE("every problem of a catalog file is reported with its line and column", "[catalog]") {
  SECTION("a syntax error") {
    auto p = problems_of("catalog_servers:\n  - id: a\n    name: [unclosed\n");
    REQUIRE(p.size() == 1);
    CHECK(p[0].starts_with("4:1: "));
  }
  SECTION("a JSON syntax error in a .json file") {
    CatalogFile file = read_catalog("{\"catalog_servers\": [\n  {\"id\": \"a\",, \"name\": \"A\"}\n]}", "c.json");
    REQUIRE(file.problems.size() == 1);
    CHECK(file.problems[0].starts_with("c.json:2:14: syntax error"));
  }
  SECTION("unknown keys, with a did-you-mean") {
    auto p = problems_of("catalog_server:\n  - id: a\n");
    CHECK(has(p, "1:1: unknown top-level key 'catalog_server'; did you mean 'catalog_servers'?"));
    p = problems_of("catalog_servers:\n  - id: a\n    name: A\n    urll: https://a.example/mcp\n    command: x\n");
    CHECK(has(p, "4:5: unknown key 'urll' in a catalog entry; did you mean 'url'?"));
    p = problems_of("- id: a\n  name: A\n  command: x\n  env:\n    - name: K\n      secrett: true\n");
    CHECK(has(p, "6:7: unknown key 'secrett' in an env variable; did you mean 'secret'?"));
    p = problems_of("- id: a\n  name: A\n  command: x\n  frobnicate: 1\n");
    REQUIRE(p.size() == 1);
    CHECK(p[0] == "4:3: unknown key 'frobnicate' in a catalog entry");
  }
  SECTION("wrong types") {
    auto p = problems_of("- id: a\n  name: A\n  url: https://a.example/mcp\n  requires_api_key: maybe\n  tags: web\n");
    CHECK(has(p, "4:3: requires_api_key must be true or false"));
    CHECK(has(p, "5:3: tags must be a list of strings"));
    p = problems_of("- id: a\n  name: 42\n  url: https://a.example/mcp\n  tags: [x, [y]]\n");
    CHECK(has(p, "2:3: name must be a string"));
    CHECK(has(p, "4:13: tags must be strings"));
    p = problems_of("catalog_servers: {id: a}\n");
    CHECK(has(p, "1:1: catalog_servers must be a list of entries"));
    p = problems_of("- id: a\n  name: A\n  command: x\n  env: [{name: 'bad name'}]\n");
    CHECK(has(p, "4:10: 'bad name' is not an environment variable name"));
  }
  SECTION("missing id or name") {
    auto p = problems_of("- name: A\n  url: https://a.example/mcp\n- id: b\n  url: https://b.example/mcp\n");
    CHECK(has(p, "1:3: an entry needs an id"));
    CHECK(has(p, "3:3: entry 'b' needs a name"));
  }
  SECTION("duplicate ids and repeated keys") {
    auto p = problems_of("- {id: a, name: A, url: 'https://a.example/mcp'}\n- id: a\n  name: A2\n  command: x\n");
    CHECK(has(p, "2:3: duplicate id 'a' (first at line 1)"));
    p = problems_of("- id: a\n  name: A\n  name: B\n  command: x\n");
    REQUIRE(p.size() == 1);
    CHECK(p[0] == "3:3: 'name' is given twice");
  }
  SECTION("neither url nor command, both, or a bad url") {
    auto p = problems_of("- id: a\n  name: A\n");
    CHECK(has(p, "1:3: entry 'a' needs a url (a remote server) or a command (a local one)"));
    p = problems_of("- id: a\n  name: A\n  url: https://a.example/mcp\n  command: npx -y a\n");
    CHECK(has(p, "4:3: entry 'a' has both a url and a command"));
    p = problems_of("- id: a\n  name: A\n  url: ftp://a.example\n");
    CHECK(has(p, "3:3: url 'ftp://a.example' must start with"));
  }
  SECTION("a placeholder without its env variable, a bad id, a bad transport") {
    auto p = problems_of("- id: 'a b'\n  name: A\n  command: npx -y a ${DIR}\n  transport: carrier-pigeon\n");
    CHECK(has(p, "1:3: id 'a b' may hold only"));
    CHECK(has(p, "3:3: the command uses ${DIR} but env declares no variable DIR"));
    CHECK(has(p, "4:3: transport 'carrier-pigeon' must be SSE, STREAMABLEHTTP or WEBSOCKET"));
  }
  SECTION("an entry with problems is left out, the others load") {
    CatalogFile file = read_catalog("- {id: a, name: A}\n- {id: b, name: B, command: x}\n", "c.yaml");
    CHECK(file.problems.size() == 1);
    REQUIRE(file.entries.size() == 1);
    CHECK(file.entries[0].id == "b");
  }
}

TEST_CASE("later catalogs override entries by id and add new ones", "[catalog]") {
  std::vector<CatalogEntry> entries = read_catalog("- {id: a, name: A, command: x}\n- {id: b, name: B, command: y}\n", "1").entries;
  merge_entries(entries, read_catalog("- {id: b, name: B2, command: z}\n- {id: c, name: C, command: w}\n", "2").entries);
  REQUIRE(entries.size() == 3);
  CHECK(entries[0].name == "A");
  CHECK(entries[1].name == "B2");
  CHECK(entries[1].command == "z");
  CHECK(entries[2].id == "c");
  REQUIRE(find_entry(entries, "c") != nullptr);
  CHECK(find_entry(entries, "d") == nullptr);
}

TEST_CASE("load_catalogs merges files over the embedded catalog and names every bad file's problems", "[catalog]") {
  mcpgw::test::TempDir dir;
  auto first = dir.write("first.yaml", "- {id: everything, name: Mine, command: 'node server.js'}\n");
  auto second = dir.write("second.json", R"({"servers": [{"id": "extra", "name": "Extra", "url": "https://x.example/mcp"}]})");
  std::vector<CatalogEntry> entries = load_catalogs({first.string(), second.string()});
  const CatalogEntry* everything = find_entry(entries, "everything");
  REQUIRE(everything != nullptr);
  CHECK(everything->name == "Mine");
  CHECK(find_entry(entries, "extra") != nullptr);
  CHECK(find_entry(entries, "github") != nullptr);
  CHECK(load_catalogs({first.string()}, false).size() == 1);

  auto bad = dir.write("bad.yaml", "- id: a\n  nmae: A\n  command: x\n");
  CHECK_THROWS_WITH(load_catalogs({bad.string()}),
                    Catch::Contains(bad.string() + ":2:3: unknown key 'nmae' in a catalog entry; did you mean 'name'?") &&
                        Catch::Contains(bad.string() + ":1:3: entry 'a' needs a name"));
  CHECK_THROWS_AS(load_catalogs({(dir.path / "absent.yaml").string()}), mcpgw::ConfigError);
  CHECK_THROWS_WITH(load_catalogs({(dir.path / "absent.yaml").string()}), Catch::Contains("absent.yaml: cannot read the file"));
}

TEST_CASE("the embedded catalog has at least 60 entries and no problem", "[catalog]") {
  CatalogFile file = read_catalog(default_catalog_text(), "share/catalog.yaml");
  for (const auto& p : file.problems) FAIL_CHECK(p);
  CHECK(file.entries.size() >= 60);
  std::size_t remote = std::count_if(file.entries.begin(), file.entries.end(), [](const CatalogEntry& e) { return !e.url.empty(); });
  std::size_t npm = std::count_if(file.entries.begin(), file.entries.end(),
                                  [](const CatalogEntry& e) { return e.command.starts_with("npx -y "); });
  std::size_t uvx = std::count_if(file.entries.begin(), file.entries.end(),
                                  [](const CatalogEntry& e) { return e.command.starts_with("uvx "); });
  CHECK(remote >= 20);
  CHECK(npm >= 20);
  CHECK(uvx >= 10);
  CHECK(remote + npm + uvx == file.entries.size());
}
