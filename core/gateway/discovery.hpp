#pragma once

#include <chrono>
#include <string>

#include <boost/system/result.hpp>

#include "core/async/awaitable.hpp"
#include "core/gateway/upstream.hpp"
#include "core/store/records.hpp"

namespace mcpgw::gateway {

struct DiscoveryResult {
  store::Catalog catalog;
  std::string error;  // empty on success: why discovery failed, for the API and the log
};

/// Everything `upstream` offers: every page of tools/list, resources/list,
/// resources/templates/list and prompts/list (each only when the server declares the
/// capability), with tool and prompt names exposed as `prefix + separator + name`.
awaitable<DiscoveryResult> discover_catalog(Upstream& upstream, std::string prefix, std::string separator,
                                            std::chrono::milliseconds timeout);

/// The prefix of a gateway's exposed names: its tool_prefix when set (possibly ""), else its slug.
std::string name_prefix(const store::Gateway& gateway);

}  // namespace mcpgw::gateway
