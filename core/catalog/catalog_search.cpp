#include "core/catalog/catalog_search.hpp"

#include <algorithm>
#include <cctype>

namespace mcpgw::catalog {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool same(std::string_view a, std::string_view b) { return a.empty() || lower(a) == lower(b); }

std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  std::string word;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!word.empty()) out.push_back(lower(word));
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) out.push_back(lower(word));
  return out;
}

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

/// 0 when `word` is not in `haystack` (already lowercase), 1 when inside a word, 2 when it
/// stands as a whole word there.
int found(const std::string& haystack, const std::string& word) {
  int best = 0;
  for (std::size_t at = haystack.find(word); at != std::string::npos; at = haystack.find(word, at + 1)) {
    bool starts = at == 0 || !word_char(haystack[at - 1]);
    bool ends = at + word.size() == haystack.size() || !word_char(haystack[at + word.size()]);
    best = std::max(best, starts && ends ? 2 : 1);
  }
  return best;
}

/// The score of one word in one entry; 0 when it is nowhere.
int word_score(const CatalogEntry& e, const std::string& word) {
  if (int n = std::max(found(lower(e.name), word), found(lower(e.id), word))) return 100 * n;
  int tag = 0;
  for (const auto& t : e.tags) tag = std::max(tag, found(lower(t), word));
  if (tag) return 10 * tag;
  return std::max({found(lower(e.description), word), found(lower(e.provider), word), found(lower(e.category), word)});
}

}  // namespace

bool matches(const CatalogEntry& e, const CatalogFilter& f) {
  if (!same(f.category, e.category) || !same(f.provider, e.provider) || !same(f.auth_type, e.auth_type)) return false;
  if (!f.tags.empty()) {
    bool any = std::any_of(f.tags.begin(), f.tags.end(), [&e](const std::string& wanted) {
      return std::any_of(e.tags.begin(), e.tags.end(), [&wanted](const std::string& t) { return same(wanted, t); });
    });
    if (!any) return false;
  }
  for (const auto& w : words(f.text))
    if (word_score(e, w) == 0) return false;
  return true;
}

std::vector<const CatalogEntry*> filter_entries(const std::vector<CatalogEntry>& entries, const CatalogFilter& f) {
  std::vector<const CatalogEntry*> out;
  for (const auto& e : entries)
    if (matches(e, f)) out.push_back(&e);
  return out;
}

std::vector<SearchHit> search_entries(const std::vector<CatalogEntry>& entries, std::string_view text) {
  std::vector<SearchHit> hits;
  std::vector<std::string> wanted = words(text);
  if (wanted.empty()) return hits;
  for (const auto& e : entries) {
    int total = 0;
    for (const auto& w : wanted) {
      int s = word_score(e, w);
      if (s == 0) {
        total = 0;
        break;
      }
      total += s;
    }
    if (total > 0) hits.push_back({&e, total});
  }
  std::stable_sort(hits.begin(), hits.end(), [](const SearchHit& a, const SearchHit& b) { return a.score > b.score; });
  return hits;
}

}  // namespace mcpgw::catalog
