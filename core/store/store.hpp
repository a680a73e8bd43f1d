#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/store/collection.hpp"
#include "core/store/records.hpp"

namespace mcpgw::store {

/// Persistence for `serve`: gateways, their catalogs, virtual servers and revoked tokens.
/// Implementations are synchronous and not thread-safe: each store has one owning thread
/// (serve runs it on its own executor), and only that thread calls it. MemoryStore keeps
/// everything in memory for tests; SqliteStore is the default.
class Store {
 public:
  virtual ~Store() = default;

  virtual Collection<Gateway>& gateways() = 0;
  virtual Collection<Tool>& tools() = 0;
  virtual Collection<Resource>& resources() = 0;
  virtual Collection<ResourceTemplate>& resource_templates() = 0;
  virtual Collection<Prompt>& prompts() = 0;
  virtual Collection<Server>& servers() = 0;

  /// Makes `catalog` the whole catalog of gateway `gateway_id`, all or nothing, after a
  /// refresh. A record whose upstream identity is already stored (tool and prompt
  /// original_name, resource uri, template uri_template) keeps its id, created_at, enabled
  /// and tags, so virtual servers keep pointing at it; the rest of its fields are replaced.
  /// Unmatched incoming records are created, stored ones missing from `catalog` removed.
  /// Returns the catalog as stored. record_not_found when the gateway does not exist;
  /// record_conflict (and no change at all) when an exposed name is taken elsewhere.
  virtual Result<Catalog> replace_catalog(std::string_view gateway_id, Catalog catalog) = 0;
  /// Creates `gateway` and stores `catalog` as its catalog in one all-or-nothing step, so that
  /// no crash can leave a gateway without the catalog it was registered with. Returns the
  /// gateway as stored; `catalog` becomes the catalog as stored (unspecified on error). The
  /// errors of create and replace_catalog, with nothing stored.
  virtual Result<Gateway> register_gateway(Gateway gateway, Catalog& catalog) = 0;
  /// Updates `gateway` and, when `catalog` is given, makes it the gateway's catalog (as
  /// replace_catalog), all or nothing; `*catalog` becomes the catalog as stored.
  virtual Result<Gateway> update_gateway(Gateway gateway, Catalog* catalog) = 0;

  /// Runs `steps` against this store all or nothing: when they fail, nothing they
  /// did stays. Steps may use every other operation, including the all-or-nothing ones.
  virtual Result<void> atomically(const std::function<Result<void>(Store&)>& steps) = 0;

  /// Records that `token.jti` is revoked; revoking it again keeps the first record.
  virtual Result<void> revoke_token(RevokedToken token) = 0;
  virtual Result<bool> is_token_revoked(std::string_view jti) = 0;
  /// Every revoked jti, for a process that keeps them in memory (serve checks each request).
  virtual Result<std::vector<std::string>> revoked_jtis() = 0;
  /// Forgets revocations of tokens that expired before `now`; returns how many.
  virtual Result<std::size_t> purge_revocations(Timestamp now) = 0;
};

}  // namespace mcpgw::store
