#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/catalog/catalog_entry.hpp"

namespace mcpgw::catalog {

/// What a catalog file holds: the entries without problems, and every problem found, each as
/// "file:line:column: what is wrong" ("file: what is wrong" for the file as a whole).
struct CatalogFile {
  std::vector<CatalogEntry> entries;
  std::vector<std::string> problems;
};

/// Reads a catalog from YAML or JSON text (admin::read_located: JSON for a `source` ending in
/// .json, checked strictly; YAML otherwise): ContextForge's layout (a mapping with a
/// `catalog_servers:` list, and optional `categories:` and `auth_types:` lists, which are
/// ignored since they follow from the entries), a mapping with a `servers:` list, or a bare
/// list of entries. Reports every problem with its line and column: syntax errors (a key given
/// twice in one mapping among them), unknown keys with a did-you-mean, wrong types, repeated
/// ids, and all that entry_from_json finds. An empty text is an empty catalog. Pure; any thread.
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
