#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mcpgw::http {

/// DNS-rebinding protection (MCP transports: servers MUST validate Origin; 403 when invalid).
/// Loopback binds accept only loopback Host names unless more are allowed; an Origin, when sent,
/// must be loopback, same-origin with Host, or explicitly allowed (CORS origins count).
class OriginCheck {
 public:
  OriginCheck(std::string bind_host, std::vector<std::string> allowed_origins,
              std::vector<std::string> allowed_hosts = {});

  /// Empty when acceptable, otherwise the reason to refuse.
  std::string check(std::string_view host_header, std::string_view origin_header) const;
  /// Whether `origin` may read our responses (CORS).
  bool origin_allowed(std::string_view origin) const;

 private:
  bool loopback_bind_;
  std::vector<std::string> allowed_origins_;
  std::vector<std::string> allowed_hosts_;
};

/// The host part of "host[:port]" or "[v6]:port", lower-cased.
std::string host_of(std::string_view authority);
bool is_loopback_name(std::string_view host);

}  // namespace mcpgw::http
