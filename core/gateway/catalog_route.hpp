#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/catalog/catalog_entry.hpp"
#include "core/gateway/federation.hpp"
#include "core/http/exchange.hpp"

namespace mcpgw::gateway {

/// The catalog `serve` offers; nullptr when MCPGATEWAY_CATALOG_ENABLED is false.
using CatalogEntries = std::shared_ptr<const std::vector<catalog::CatalogEntry>>;

/// GET /catalog and POST /catalog/{id}/register, as ContextForge's catalog router.
///
/// GET: ?category=, ?auth_type=, ?provider= (equal, case ignored), ?search= (every word in the
/// name, id, tags, description, provider or category), ?tags= (repeated or a,b: any of them),
/// ?show_registered_only=, ?show_available_only= (default true), ?limit= (default 100),
/// ?offset=. Answers {"servers": [entry + is_registered, is_available, requires_oauth_config],
/// "total": matches before paging, "categories", "auth_types", "providers", "all_tags": sorted,
/// over the whole catalog}. An entry is registered when a gateway has its url or its command.
///
/// POST body (optional): {"name"?, "env"?: {NAME: value}, "headers"?: {Name: value},
/// "api_key"?}; catalog::plan_install says how the gateway is built. Answers 200 {"success":
/// true, "server_id", "message", "error": null}; 404 for an unknown id, 422 naming the missing
/// required values ({"detail", "missing": [{"kind", "name", "description", "secret"}]}) or a
/// bad body, 409 when a gateway has that name, 403 when stdio gateways may not run its command;
/// a gateway that cannot be reached is 200 {"success": false, "message"} as in ContextForge.
/// Both answer 404 when the catalog is disabled. Runs on the network executor.
awaitable<void> catalog_route(http::Exchange& exchange, const std::vector<std::string>& segments,
                              Federation& federation, const CatalogEntries& entries);

}  // namespace mcpgw::gateway
