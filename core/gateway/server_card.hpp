#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/store/records.hpp"

namespace mcpgw::gateway {

/// The media type server cards are served with.
inline constexpr std::string_view kServerCardMediaType = "application/mcp-server-card+json";

/// An MCP Server Card (SEP-2127, schema v2: `$schema`, `name`, `version`, `description`,
/// `title`, `remotes`): what a registry or client needs to find and connect to one virtual
/// server (`server`), or to the whole gateway (nullptr), before connecting. `base_url` is how
/// the client reached us ("http://host:port" + APP_ROOT_PATH); `host` the request's Host (its
/// name, reversed, is the card name's namespace); `auth_required` adds the Authorization
/// header as a required secret. Remotes: streamable HTTP and SSE, with every protocol
/// revision serve speaks.
nlohmann::json server_card(const store::Server* server, const std::string& base_url, std::string_view host,
                           bool auth_required);

}  // namespace mcpgw::gateway
