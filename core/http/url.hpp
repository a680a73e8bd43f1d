#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mcpgw::http {

/// An absolute http(s) URL split into what a client needs to connect and ask.
struct Url {
  bool tls = false;
  std::string host;        // without brackets for IPv6
  std::uint16_t port = 0;
  std::string target;      // path and query, at least "/"

  std::string origin() const;  // scheme://host[:port]
  std::string to_string() const { return origin() + target; }
};

/// Parses an absolute http or https URL; nullopt when it is not one.
std::optional<Url> parse_url(std::string_view text);

/// ContextForge's virtual-server URLs: `…/servers/<id>` (with or without a trailing slash) names
/// the server, whose MCP endpoint is `…/servers/<id>/mcp`; the path gets `/mcp` appended, as
/// ContextForge's own wrapper does. Returns whether it changed the URL.
bool complete_gateway_server_path(Url& url);

/// Resolves `reference` (absolute, or an absolute path, as SSE endpoint events carry) against `base`.
std::optional<Url> resolve_url(const Url& base, std::string_view reference);

}  // namespace mcpgw::http
