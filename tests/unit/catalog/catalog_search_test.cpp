#include "core/catalog/catalog_search.hpp"

#include <catch2/catch.hpp>

#include "core/catalog/catalog_file.hpp"

using namespace mcpgw::catalog;

namespace {

std::vector<CatalogEntry> sample() {
  const char* text = R"(
- {id: notes, name: Notes, category: Productivity, provider: Acme, auth_type: Open, command: x,
   tags: [writing], description: "Keep notes; works with GitHub gists"}
- {id: github, name: GitHub, category: Software Development, provider: GitHub, auth_type: OAuth2.1,
   url: 'https://gh.example/mcp', tags: [git, development], description: "Repositories and issues"}
- {id: git-tools, name: Git Tools, category: Software Development, provider: Acme, auth_type: API Key,
   url: 'https://git.example/mcp', tags: [github, development], description: "Local repositories"}
- {id: wiki, name: Wiki, category: Documentation, provider: Other, auth_type: Open, command: y,
   tags: [docs], description: "Pages of a wiki with a git history"}
)";
  CatalogFile file = read_catalog(text, "sample");
  REQUIRE(file.problems.empty());
  return file.entries;
}

std::vector<std::string> ids(const std::vector<const CatalogEntry*>& found) {
  std::vector<std::string> out;
  for (const auto* e : found) out.push_back(e->id);
  return out;
}

std::vector<std::string> ids(const std::vector<SearchHit>& hits) {
  std::vector<std::string> out;
  for (const auto& h : hits) out.push_back(h.entry->id);
  return out;
}

}  // namespace

TEST_CASE("filters by category, tag, provider, auth type and text, ignoring case", "[catalog]") {
  auto entries = sample();
  CHECK(ids(filter_entries(entries, {"software development", {}, "", "", ""})) == std::vector<std::string>{"github", "git-tools"});
  CHECK(ids(filter_entries(entries, {"", {"docs", "writing"}, "", "", ""})) == std::vector<std::string>{"notes", "wiki"});
  CHECK(ids(filter_entries(entries, {"", {}, "acme", "", ""})) == std::vector<std::string>{"notes", "git-tools"});
  CHECK(ids(filter_entries(entries, {"", {}, "", "open", ""})) == std::vector<std::string>{"notes", "wiki"});
  CHECK(ids(filter_entries(entries, {"", {}, "acme", "", "repositories"})) == std::vector<std::string>{"git-tools"});
  CHECK(filter_entries(entries, {"Nope", {}, "", "", ""}).empty());
  CHECK(filter_entries(entries, {}).size() == entries.size());
}

TEST_CASE("search ranks name matches over tags over descriptions; every word must match", "[catalog]") {
  auto entries = sample();
  // "github": the name of one, a tag of another, the description of a third.
  auto hits = search_entries(entries, "GitHub");
  CHECK(ids(hits) == std::vector<std::string>{"github", "git-tools", "notes"});
  CHECK(hits[0].score > hits[1].score);
  CHECK(hits[1].score > hits[2].score);
  // A whole word beats part of a word, in the name as in the description.
  CHECK(ids(search_entries(entries, "git")) == std::vector<std::string>{"git-tools", "github", "wiki", "notes"});
  CHECK(ids(search_entries(entries, "git history")) == std::vector<std::string>{"wiki"});
  CHECK(search_entries(entries, "git nonsense").empty());
  CHECK(search_entries(entries, "   ").empty());
}
