#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/catalog/catalog_entry.hpp"

namespace mcpgw::catalog {

/// Which entries to show; an empty field does not filter. Comparisons ignore ASCII case.
struct CatalogFilter {
  std::string category;           // equal
  std::vector<std::string> tags;  // the entry has any of them (ContextForge's ?tags=)
  std::string provider;           // equal
  std::string auth_type;          // equal
  std::string text;               // every word appears in the id, name, tags, description, provider or category
};

/// Whether `e` passes every filter of `f`.
bool matches(const CatalogEntry& e, const CatalogFilter& f);

/// The entries that pass `f`, in catalog order.
std::vector<const CatalogEntry*> filter_entries(const std::vector<CatalogEntry>& entries, const CatalogFilter& f);

/// An entry found by search_entries and how well it matched.
struct SearchHit {
  const CatalogEntry* entry;
  int score;
};

/// The entries in which every word of `text` appears (case-insensitive), best first: a word
/// found in the name or id counts more than one found in a tag, which counts more than one
/// only in the description, provider or category; a whole-word match beats a part of a word.
/// Ties keep catalog order. Empty text finds nothing.
std::vector<SearchHit> search_entries(const std::vector<CatalogEntry>& entries, std::string_view text);

}  // namespace mcpgw::catalog
