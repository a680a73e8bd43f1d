#pragma once

#include "commands/catalog.hpp"

namespace mcpgw::commands {

/// Dispatches on options.action: list, search, show and validate read the catalogs only;
/// install (and list --installed) also talk to the gateway. Throws CommandFailed or UsageError.
int run_catalog_action(const CatalogOptions& options);

}  // namespace mcpgw::commands
