#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/async/awaitable.hpp"
#include "core/gateway/federation.hpp"

namespace mcpgw::gateway {

/// What an export takes: ContextForge's ?types=, ?tags= and ?include_inactive=, or
/// /export/selective's entity_selections (ids or names per kind).
struct ExportFilter {
  std::vector<std::string> types;  // empty: gateways, tools, servers, prompts, resources
  std::vector<std::string> tags;   // empty: any
  bool include_inactive = false;
  nlohmann::json selections;       // null, or {"tools": [id or name, ...], ...}
  std::string exported_by;
  std::string source_gateway;
};

/// A whole configuration as ContextForge's export document: {version, exported_at, exported_by,
/// source_gateway, encryption_method, entities{gateways, tools, servers, prompts, resources},
/// metadata{entity_counts, dependencies}}. Gateways as registered (their catalogs are
/// rediscovered on import), REST tools, and the prompts and resources kept in the gateway;
/// servers name what they bundle (exposed tool and prompt names, resource URIs), so the
/// document does not depend on record ids. Credentials (auth values, stdio env) stay
/// encrypted: opened and sealed again with AUTH_ENCRYPTION_SECRET under a context of the
/// entity's kind and name.
nlohmann::json export_config(Federation& federation, const ExportFilter& filter);

/// Imports an export document (POST /import's body: {import_data, conflict_strategy
/// skip|update|rename|fail, dry_run, rekey_secret}). All or nothing: gateways are registered
/// (discovered) first and removed again if anything after them fails; every other entity is
/// stored in one transaction. `rekey_secret` is the AUTH_ENCRYPTION_SECRET the document was
/// exported with, when it differs from this gateway's. Returns the report (status 200), or
/// fills `status` (422 for a document that does not fit, naming entity and field; 409 for a
/// conflict under "fail"; 502 when a gateway cannot be reached) with the report's errors.
awaitable<nlohmann::json> import_config(Federation& federation, const nlohmann::json& body, int& status);

}  // namespace mcpgw::gateway
