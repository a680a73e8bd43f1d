#include "core/catalog/catalog_file.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include "core/admin/desired_config.hpp"
#include "core/admin/located_document.hpp"
#include "core/catalog/default_catalog.hpp"
#include "core/error.hpp"

namespace mcpgw::catalog {

using nlohmann::json;

namespace {

const std::vector<std::string> kTopKeys = {"catalog_servers", "servers", "categories", "auth_types"};

/// Collects the problems of one document, placing each JSON pointer in its file.
class Problems {
 public:
  Problems(const admin::LocatedDocument& doc, std::vector<std::string>& out) : doc_(doc), out_(out) {}
  void add(const std::string& pointer, const std::string& message) {
    out_.push_back(doc_.at(pointer).text() + ": " + message);
  }
  int line_of(const std::string& pointer) const { return doc_.at(pointer).line; }

 private:
  const admin::LocatedDocument& doc_;
  std::vector<std::string>& out_;
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
    if (auto near = admin::did_you_mean(key, kTopKeys); !near.empty()) message += "; did you mean '" + near + "'?";
    problems.add("/" + admin::pointer_token(key), message);
  }
  for (const char* names : {"categories", "auth_types"}) {
    auto it = root.find(names);
    if (it != root.end() && !it->is_null() && !it->is_array())
      problems.add(std::string("/") + names, std::string(names) + " must be a list");
  }
  if (root.contains("catalog_servers") && root.contains("servers")) {
    problems.add("/servers", "a catalog has one list of entries: catalog_servers or servers, not both");
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

}  // namespace

CatalogFile read_catalog(std::string_view text, const std::string& source) {
  CatalogFile file;
  std::string error;
  auto doc = admin::read_located(source, text, error);
  if (!doc) {
    file.problems.push_back(error);
    return file;
  }
  if (doc->value.is_null()) return file;
  Problems problems(*doc, file.problems);
  std::string base;
  const json* list = entry_list(doc->value, base, problems);
  if (!list) return file;
  std::unordered_map<std::string, int> first_line;
  for (std::size_t i = 0; i < list->size(); ++i) {
    std::string pointer = base + "/" + std::to_string(i);
    std::vector<EntryProblem> found;
    CatalogEntry e = entry_from_json((*list)[i], found);
    for (const auto& p : found) problems.add(pointer + p.pointer, p.message);
    if (!e.id.empty()) {
      auto [it, fresh] = first_line.emplace(e.id, problems.line_of(pointer));
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
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (!in || in.bad()) return {{}, {path + ": cannot read the file"}};
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
  std::vector<std::string> problems;
  auto take = [&entries, &problems](CatalogFile file) {
    problems.insert(problems.end(), file.problems.begin(), file.problems.end());
    merge_entries(entries, std::move(file.entries));
  };
  if (with_default) take(read_catalog(default_catalog_text(), "<built-in catalog>"));
  for (const auto& path : paths) take(read_catalog_file(path));
  if (problems.empty()) return entries;
  std::string message = "the catalog has " + std::to_string(problems.size()) +
                        (problems.size() == 1 ? " problem:" : " problems:");
  for (const auto& p : problems) message += "\n  " + p;
  throw ConfigError(message);
}

}  // namespace mcpgw::catalog
