#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/admin/api_client.hpp"
#include "core/admin/entity_kind.hpp"

namespace mcpgw::admin {

/// A record found by what a user typed, or why none was.
struct Lookup {
  nlohmann::json record;  // as GET /<kind> lists it; null when not found
  std::string problem;    // "no tool named 'x'", "'x' names 2 tools (…): give an id", or an API failure
  explicit operator bool() const { return problem.empty(); }
};

/// Every record of `kind`, disabled ones too (GET /<kind>?include_inactive=true). Throws
/// std::runtime_error with the gateway's reason when the list cannot be read.
nlohmann::json list_records(ApiClient& client, EntityKind kind, const std::string& query = {});

/// Finds the one record of `kind` that `ref` names in `records`: its id first, else its name
/// (a resource: its URI, then its name). Two records of one name are ambiguous: the problem
/// lists their ids.
Lookup find_record(const nlohmann::json& records, EntityKind kind, const std::string& ref);

/// list_records + find_record.
Lookup lookup(ApiClient& client, EntityKind kind, const std::string& ref);

/// The ids of `refs` (ids or names, as find_record takes them), all or nothing: every
/// reference that does not resolve is named in `problems`.
std::vector<std::string> resolve_ids(const nlohmann::json& records, EntityKind kind,
                                     const std::vector<std::string>& refs, std::vector<std::string>& problems);

}  // namespace mcpgw::admin
