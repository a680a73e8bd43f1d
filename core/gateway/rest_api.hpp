#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/gateway/catalog_route.hpp"
#include "core/gateway/federation.hpp"
#include "core/gateway/request_auth.hpp"
#include "core/http/exchange.hpp"

namespace mcpgw::gateway {

/// The REST admin API of `serve` (ContextForge's routes and shapes): gateways, tools,
/// resources, prompts and virtual servers. Every answer is JSON; errors are
/// {"detail": "..."} with a 4xx or 5xx status. `catalog` is what GET /catalog offers (nullptr:
/// disabled). Lives on the network executor.
class RestApi {
 public:
  RestApi(Federation& federation, RequestAuth& auth, CatalogEntries catalog = nullptr)
      : federation_(federation), auth_(auth), catalog_(std::move(catalog)) {}

  /// `segments` is the path after any /v1 prefix, split on '/'. False when no route matches
  /// (the caller answers 404).
  awaitable<bool> handle(http::Exchange& exchange, const std::vector<std::string>& segments);

 private:
  awaitable<void> gateways(http::Exchange& exchange, const std::vector<std::string>& segments);
  awaitable<void> servers(http::Exchange& exchange, const std::vector<std::string>& segments);
  awaitable<void> catalog(http::Exchange& exchange, const std::vector<std::string>& segments);
  /// POST /tools, PUT and DELETE /tools/{id}: REST tools (gateways' tools change with their gateway).
  /// (POST /tools/openapi, which makes many at once, is import_openapi in openapi_route.hpp.)
  awaitable<void> rest_tools(http::Exchange& exchange, const std::vector<std::string>& segments);
  /// POST /prompts, PUT/DELETE /prompts/{id}, POST /prompts/{id} (render), GET
  /// /prompts/{id}/versions, POST /prompts/{id}/rollback?version=N: prompts kept in the gateway.
  awaitable<void> local_prompts(http::Exchange& exchange, const std::vector<std::string>& segments);
  /// POST /resources, PUT/DELETE /resources/{id}: resources kept in the gateway; a PUT tells
  /// subscribers (notifications/resources/updated).
  awaitable<void> local_resources(http::Exchange& exchange, const std::vector<std::string>& segments);
  /// Resource templates kept in the gateway: POST /resources with a uri_template (`created` holds
  /// its parsed body), PUT/DELETE /resources/templates/{id}.
  awaitable<void> local_templates(http::Exchange& exchange, const std::vector<std::string>& segments,
                                  const nlohmann::json* created);
  /// GET /export, POST /export/selective, POST /import (config_transfer.hpp).
  awaitable<void> transfer(http::Exchange& exchange, const std::vector<std::string>& segments);
  awaitable<void> revoke(http::Exchange& exchange);
  /// Why STDIO_GATEWAYS_ENABLED or STDIO_ALLOWED_COMMANDS forbid running `g`; empty if they don't.
  std::string stdio_refusal(const store::Gateway& g) const;

  Federation& federation_;
  RequestAuth& auth_;
  CatalogEntries catalog_;
};

}  // namespace mcpgw::gateway
