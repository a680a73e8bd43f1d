#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/store/records.hpp"
#include "core/store/slug.hpp"

namespace mcpgw::store {

/// The rules of each record kind that every Store follows alike. `kKind` names the
/// collection (and the SQL table); `unique_keys` lists the values no two records may share
/// (SQLite enforces the same with UNIQUE indexes); `catalog_key` is the upstream identity
/// replace_catalog matches on.
template <class R>
struct RecordTraits;

template <>
struct RecordTraits<Gateway> {
  static constexpr std::string_view kKind = "gateways";
  static std::vector<std::string> unique_keys(const Gateway& g) {
    return {"name:" + g.name, "slug:" + g.slug};
  }
};

template <>
struct RecordTraits<Tool> {
  static constexpr std::string_view kKind = "tools";
  static std::vector<std::string> unique_keys(const Tool& t) { return {t.name}; }
  static const std::string& catalog_key(const Tool& t) { return t.original_name; }
};

template <>
struct RecordTraits<Resource> {
  static constexpr std::string_view kKind = "resources";
  static std::vector<std::string> unique_keys(const Resource& r) {
    return {r.gateway_id + '\n' + r.uri};
  }
  static const std::string& catalog_key(const Resource& r) { return r.uri; }
};

template <>
struct RecordTraits<ResourceTemplate> {
  static constexpr std::string_view kKind = "resource_templates";
  static std::vector<std::string> unique_keys(const ResourceTemplate& r) {
    return {r.gateway_id + '\n' + r.uri_template};
  }
  static const std::string& catalog_key(const ResourceTemplate& r) { return r.uri_template; }
};

template <>
struct RecordTraits<Prompt> {
  static constexpr std::string_view kKind = "prompts";
  static std::vector<std::string> unique_keys(const Prompt& p) { return {p.name}; }
  static const std::string& catalog_key(const Prompt& p) { return p.original_name; }
};

template <>
struct RecordTraits<Server> {
  static constexpr std::string_view kKind = "servers";
  static std::vector<std::string> unique_keys(const Server& s) { return {s.name}; }
};

/// Fills in what the store derives before writing: a gateway's slug from its name; a
/// server's id lists without repeats.
template <class R>
void normalize(R&) {}
inline void normalize(Gateway& g) {
  if (g.slug.empty()) g.slug = slugify(g.name);
}
void normalize(Server& s);

/// The gateway `r` came from; empty for gateways, servers and records registered directly.
template <class R>
std::string_view gateway_id_of(const R& r) {
  if constexpr (requires { r.gateway_id; }) {
    return r.gateway_id;
  } else {
    return {};
  }
}

}  // namespace mcpgw::store
