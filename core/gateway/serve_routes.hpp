#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mcpgw::gateway {

/// The methods serve takes on a path (its segments after APP_ROOT_PATH and "/v1"), as an `Allow`
/// list such as "GET, HEAD, POST, OPTIONS"; "" when no route has that path. The REST routes count
/// only with `admin_api`. Pure; the strings are static.
std::string_view route_methods(const std::vector<std::string>& segments, bool admin_api);

}  // namespace mcpgw::gateway
