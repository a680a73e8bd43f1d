#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/admin/desired_config.hpp"

namespace mcpgw::admin {

/// One field an update changes: its value on the gateway now (null when unset) and in the files.
struct FieldChange {
  std::string field;
  nlohmann::json before;
  nlohmann::json after;
};

/// What `register apply` does to one entity.
struct PlannedChange {
  enum class Action { create, update, unchanged, remove };
  std::string kind;  // "gateways", …
  std::string name;  // a resource: its URI (or URI template)
  Action action = Action::unchanged;
  std::vector<FieldChange> fields;  // update: the fields the files name that differ
  std::string note;                 // update with no field listed: why it still changes
};

struct ConfigPlan {
  std::vector<PlannedChange> changes;  // in the order gateways, tools, prompts, resources, servers
  std::size_t count(PlannedChange::Action action) const;
  /// Whether applying would change anything.
  bool pending() const;
};

/// The plan for making the gateway match `desired`. `current` is GET /export's `entities`
/// (disabled records included); `report` is the `entities` list of POST /import's dry-run
/// answer for `desired` (the gateway's own verdict: created, updated or unchanged, credentials
/// compared too). With `prune`, what `current` has and `desired` does not name is removed.
/// Field changes compare only the fields the files name, so a file may manage a few fields of
/// a record and leave the rest as they are.
ConfigPlan make_plan(const DesiredConfig& desired, const nlohmann::json& current, const nlohmann::json& report,
                     bool prune);

/// The plan for people: one line per entity that changes (+ create, ~ update with its fields,
/// - remove), then a summary line. ANSI colours with `colour`.
std::string render_plan(const ConfigPlan& plan, bool colour);

/// GET /export's document in `register apply`'s format (the inverse of load_desired): the
/// entity lists only, `enabled` for `is_active`, fields at their defaults (null) left out.
/// Without `include_secrets` sealed credentials (auth_value, env_encrypted) and auth_type are
/// left out, so applying the file leaves a record's credentials as they are; with it they are
/// kept sealed, readable only by a gateway with the same AUTH_ENCRYPTION_SECRET.
nlohmann::json export_as_desired(const nlohmann::json& export_document, bool include_secrets);

/// The import document POST /import takes for `desired`.
nlohmann::json import_document(const DesiredConfig& desired);

}  // namespace mcpgw::admin
