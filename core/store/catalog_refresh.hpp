#pragma once

#include <string_view>

#include "core/store/store.hpp"

namespace mcpgw::store {

/// Store::replace_catalog written once on top of the collections, for every Store to call
/// inside its own all-or-nothing scope (a transaction, or a snapshot it restores on error).
/// Removals go first, then updates, then creations, so that a name freed by the refresh can
/// be taken by a new record.
Result<Catalog> refresh_catalog(Store& store, std::string_view gateway_id, Catalog catalog);

/// Store::register_gateway written once: creates the gateway, then refreshes its (empty)
/// catalog; the caller provides the all-or-nothing scope.
Result<Gateway> create_with_catalog(Store& store, Gateway gateway, Catalog& catalog);
/// Store::update_gateway written once, likewise.
Result<Gateway> update_with_catalog(Store& store, Gateway gateway, Catalog* catalog);

}  // namespace mcpgw::store
