#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/catalog/catalog_entry.hpp"
#include "core/catalog/located_json.hpp"

namespace mcpgw::catalog {

/// One problem of a catalog file, where it is.
struct CatalogProblem {
  std::string source;  // the file's path, or what the text is ("<embedded>")
  TextPosition at;     // line 0 when the problem is the file as a whole
  std::string message;

  /// "source:line:column: message" (or "source: message").
  std::string to_string() const;
};

/// What a catalog file holds: the entries without problems, and every problem found.
struct CatalogFile {
  std::vector<CatalogEntry> entries;
  std::vector<CatalogProblem> problems;
};

/// Reads a catalog from YAML or JSON text: ContextForge's layout (a mapping with a
/// `catalog_servers:` list, and optional `categories:` and `auth_types:` lists, which are
/// ignored since they follow from the entries), a mapping with a `servers:` list, or a bare
/// list of entries. Reports every problem with its line and column: syntax errors, unknown
/// keys with a did-you-mean, wrong types, repeated keys and ids, and all that entry_from_json
/// finds. An empty text is an empty catalog. Pure; any thread.
CatalogFile read_catalog(std::string_view text, const std::string& source);

/// read_catalog of a file's contents; a file that cannot be read is one problem.
CatalogFile read_catalog_file(const std::string& path);

/// Adds `later` to `into`: an entry whose id is already there replaces it in place, a new one
/// is appended. So the catalogs given later override the earlier ones entry by entry.
void merge_entries(std::vector<CatalogEntry>& into, std::vector<CatalogEntry> later);

/// The entry with that id, or nullptr.
const CatalogEntry* find_entry(const std::vector<CatalogEntry>& entries, std::string_view id);

/// The catalog `serve` offers: the embedded default (default_catalog.hpp) when `with_default`,
/// then each file of `paths` merged over it. Throws ConfigError listing every problem of every
/// file, each as "file:line:column: message".
std::vector<CatalogEntry> load_catalogs(const std::vector<std::string>& paths, bool with_default = true);

}  // namespace mcpgw::catalog
