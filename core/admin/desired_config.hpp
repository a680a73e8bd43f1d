#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/admin/located_document.hpp"

namespace mcpgw::admin {

/// What `register apply`'s files describe, merged: the entities in the form of the gateway's
/// export document (POST /import's import_data.entities), and where each one was written.
///
/// The files' format: top-level lists `gateways`, `tools` (REST tools), `prompts`, `resources`
/// and `servers`, each entity with the export document's fields (see kFields in the .cpp).
/// Friendlier spellings are taken too: `enabled` for `is_active`, `method` for `request_type`,
/// a server's `tools`/`prompts`/`resources` for `associated_*`.
struct DesiredConfig {
  nlohmann::json entities = nlohmann::json::object();  // kind → list, every kind present
  std::map<std::string, std::vector<Location>> locations;  // kind → where each entity starts

  /// Where entity `index` of `kind` was written; an empty Location when unknown.
  Location location(const std::string& kind, std::size_t index) const;
  /// The entity's name: `name`, or for a resource its `uri` / `uri_template`.
  static std::string name_of(const std::string& kind, const nlohmann::json& entity);
};

/// Looks up an environment variable for a ${NAME} reference; nullopt when it is not set.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

/// Checks and merges `documents` in order. Every problem is collected, each as
/// "file:line:column: what is wrong" (unknown keys with a did-you-mean, wrong types, missing
/// required fields, a name given twice across all files, a ${NAME} that is not set); nullopt
/// when there is any. ${NAME} in any string is replaced by the variable's value.
std::optional<DesiredConfig> load_desired(const std::vector<LocatedDocument>& documents, const EnvLookup& env,
                                          std::vector<std::string>& problems);

/// The known word closest to `word` (edit distance at most 2, or a third of its length), or "".
std::string did_you_mean(const std::string& word, const std::vector<std::string>& known);

}  // namespace mcpgw::admin
