#include "core/catalog/catalog_file.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include "core/catalog/default_catalog.hpp"
#include "core/catalog/suggestion.hpp"
#include "core/error.hpp"

namespace mcpgw::catalog {

using nlohmann::json;

namespace {

constexpr std::array<std::string_view, 4> kTopKeys = {"catalog_servers", "servers", "categories", "auth_types"};

/// Collects the problems of one text, placing each JSON pointer with the located document.
class Problems {
 public:
  Problems(const LocatedJson& doc, const std::string& source, std::vector<CatalogProblem>& out)
      : doc_(doc), source_(source), out_(out) {}
  void add(const std::string& pointer, std::string message, bool key = false) {
    out_.push_back({source_, doc_.where(pointer, key), std::move(message)});
  }

 private:
  const LocatedJson& doc_;
  const std::string& source_;
  std::vector<CatalogProblem>& out_;
};

/// The entries list of the document and its pointer; nullptr when there is none (problems say why).
const json* entry_list(const json& root, std::string& pointer, Problems& problems) {
  if (root.is_array()) return &root;
  if (!root.is_object()) {
    problems.add("", "a catalog is a mapping with a catalog_servers: list, or a list of entries");
    return nullptr;
  }
  for (const auto& [key, value] : root.items()) {
    if (std::find(kTopKeys.begin(), kTopKeys.end(), key) != kTopKeys.end()) continue;
    std::string message = "unknown top-level key '" + key + "'";
    if (auto near = did_you_mean(key, kTopKeys); !near.empty()) message += "; did you mean '" + near + "'?";
    problems.add("/" + pointer_token(key), std::move(message), true);
  }
  for (const char* names : {"categories", "auth_types"}) {
    auto it = root.find(names);
    if (it != root.end() && !it->is_null() && !it->is_array())
      problems.add(std::string("/") + names, std::string(names) + " must be a list");
  }
  if (root.contains("catalog_servers") && root.contains("servers")) {
    problems.add("/servers", "a catalog has one list of entries: catalog_servers or servers, not both", true);
    return nullptr;
  }
  pointer = root.contains("servers") ? "/servers" : "/catalog_servers";
  auto list = root.find(pointer.substr(1));
  if (list == root.end() || list->is_null()) return nullptr;  // a catalog without entries yet
  if (!list->is_array()) {
    problems.add(pointer, pointer.substr(1) + " must be a list of entries");
    return nullptr;
  }
  return &*list;
}

/// Whether `text` is JSON; false with the parser's complaint and where it stopped.
bool json_syntax(std::string_view text, std::string& error, TextPosition& at) {
  try {
    [[maybe_unused]] json parsed = json::parse(text);
    return true;
  } catch (const json::parse_error& e) {
    // e.byte counts from 1 and points just past where the parser stopped.
    std::size_t end = std::min<std::size_t>(e.byte == 0 ? 0 : e.byte - 1, text.size());
    at = {1, 1};
    for (std::size_t i = 0; i < end; ++i) {
      if (text[i] == '\n') {
        ++at.line;
        at.column = 1;
      } else {
        ++at.column;
      }
    }
    std::string what = e.what();
    // "[json.exception.parse_error.101] parse error at line 2, column 14: syntax error while
    // parsing object key - invalid literal; last read: '...'": keep what comes after the place.
    auto colon = what.find(": ", what.find("column"));
    error = "not valid JSON: " + (colon == std::string::npos ? what : what.substr(colon + 2));
    return false;
  }
}

}  // namespace

std::string CatalogProblem::to_string() const {
  if (at.line == 0) return source + ": " + message;
  return source + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ": " + message;
}

CatalogFile read_catalog(std::string_view text, const std::string& source) {
  CatalogFile file;
  LocatedJson doc;
  std::string error;
  TextPosition at;
  // YAML reads JSON too, but forgives some of its syntax errors ("a",, "b"): a .json file
  // gets a JSON parser's verdict first.
  if (source.ends_with(".json") && !json_syntax(text, error, at)) {
    file.problems.push_back({source, at, error});
    return file;
  }
  if (!read_located(text, doc, error, at)) {
    file.problems.push_back({source, at, error});
    return file;
  }
  Problems problems(doc, source, file.problems);
  for (const auto& [pointer, where] : doc.repeated_keys) {
    std::string key = pointer.substr(pointer.rfind('/') + 1);
    file.problems.push_back({source, where, "key '" + key + "' appears twice in one mapping"});
  }
  if (doc.value.is_null()) return file;
  std::string base;
  const json* list = entry_list(doc.value, base, problems);
  if (!list) return file;
  std::unordered_map<std::string, std::size_t> first_line;
  for (std::size_t i = 0; i < list->size(); ++i) {
    std::string pointer = base + "/" + std::to_string(i);
    std::vector<EntryProblem> found;
    CatalogEntry e = entry_from_json((*list)[i], found);
    for (auto& p : found) problems.add(pointer + p.pointer, std::move(p.message), p.key);
    if (!e.id.empty()) {
      auto [it, fresh] = first_line.emplace(e.id, doc.where(pointer + "/id").line);
      if (!fresh) {
        problems.add(pointer + "/id", "duplicate id '" + e.id + "' (first at line " + std::to_string(it->second) + ")");
        continue;
      }
    }
    if (found.empty()) file.entries.push_back(std::move(e));
  }
  return file;
}

CatalogFile read_catalog_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {{}, {{path, {}, "cannot read the file"}}};
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return {{}, {{path, {}, "cannot read the file"}}};
  return read_catalog(text.str(), path);
}

void merge_entries(std::vector<CatalogEntry>& into, std::vector<CatalogEntry> later) {
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < into.size(); ++i) index.emplace(into[i].id, i);
  for (auto& e : later) {
    if (auto it = index.find(e.id); it != index.end()) {
      into[it->second] = std::move(e);
    } else {
      index.emplace(e.id, into.size());
      into.push_back(std::move(e));
    }
  }
}

const CatalogEntry* find_entry(const std::vector<CatalogEntry>& entries, std::string_view id) {
  for (const auto& e : entries)
    if (e.id == id) return &e;
  return nullptr;
}

std::vector<CatalogEntry> load_catalogs(const std::vector<std::string>& paths, bool with_default) {
  std::vector<CatalogEntry> entries;
  std::vector<CatalogProblem> problems;
  auto take = [&entries, &problems](CatalogFile file) {
    problems.insert(problems.end(), file.problems.begin(), file.problems.end());
    merge_entries(entries, std::move(file.entries));
  };
  if (with_default) take(read_catalog(default_catalog_text(), "<embedded catalog>"));
  for (const auto& path : paths) take(read_catalog_file(path));
  if (problems.empty()) return entries;
  std::string message = "the catalog has " + std::to_string(problems.size()) +
                        (problems.size() == 1 ? " problem:" : " problems:");
  for (const auto& p : problems) message += "\n  " + p.to_string();
  throw ConfigError(message);
}

}  // namespace mcpgw::catalog
