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

/// Parses an absolute http or https URL (RFC 3986: no spaces, control characters or other
/// characters outside the grammar; a DNS name or IP address as host); nullopt when it is not one.
std::optional<Url> parse_url(std::string_view text);

/// Whether `target` is an origin-form request target (RFC 9112 §3.2.1) made of RFC 3986
/// characters only, safe to put on a request line.
bool is_origin_form(std::string_view target);
/// Whether `host` is a DNS name, IPv4 or (unbracketed) IPv6 address, safe for a Host header.
bool is_host(std::string_view host);

/// ContextForge's virtual-server URLs: `…/servers/<id>` (with or without a trailing slash) names
/// the server, whose MCP endpoint is `…/servers/<id>/mcp`; the path gets `/mcp` appended, as
/// ContextForge's own wrapper does. Returns whether it changed the URL.
bool complete_gateway_server_path(Url& url);

/// Resolves `reference` (absolute, or relative as SSE endpoint events carry) against `base`
/// (RFC 3986 §5); nullopt when either is not a valid URL or the result is not http(s).
std::optional<Url> resolve_url(const Url& base, std::string_view reference);

}  // namespace mcpgw::http
