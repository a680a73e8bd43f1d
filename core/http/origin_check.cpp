#include "core/http/origin_check.hpp"

#include <algorithm>
#include <cctype>

namespace mcpgw::http {

std::string host_of(std::string_view authority) {
  std::string host;
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    host = std::string(authority.substr(0, close == std::string_view::npos ? authority.size() : close + 1));
  } else {
    host = std::string(authority.substr(0, authority.find(':')));
  }
  std::transform(host.begin(), host.end(), host.begin(), [](unsigned char c) { return std::tolower(c); });
  return host;
}

bool is_loopback_name(std::string_view host) {
  return host == "localhost" || host == "127.0.0.1" || host == "[::1]" || host == "::1" ||
         (host.size() > 4 && host.substr(0, 4) == "127." &&
          host.find_first_not_of("0123456789.") == std::string_view::npos);
}

OriginCheck::OriginCheck(std::string bind_host, std::vector<std::string> allowed_origins,
                         std::vector<std::string> allowed_hosts)
    // A bare IPv6 bind address ("::1") has no brackets, so host_of alone cannot read it.
    : loopback_bind_(is_loopback_name(bind_host) || is_loopback_name(host_of(bind_host))),
      allowed_origins_(std::move(allowed_origins)),
      allowed_hosts_(std::move(allowed_hosts)) {
  for (auto& h : allowed_hosts_) h = host_of(h);
}

bool OriginCheck::origin_allowed(std::string_view origin) const {
  for (const auto& allowed : allowed_origins_) {
    if (allowed == "*" || allowed == origin) return true;
  }
  return false;
}

std::string OriginCheck::check(std::string_view host_header, std::string_view origin_header) const {
  std::string host = host_of(host_header);
  bool host_listed = std::find(allowed_hosts_.begin(), allowed_hosts_.end(), host) != allowed_hosts_.end();
  if (loopback_bind_ && !host.empty() && !is_loopback_name(host) && !host_listed)
    return "Host '" + std::string(host_header) + "' is not allowed for a loopback server";

  if (origin_header.empty() || origin_allowed(origin_header)) return {};
  if (origin_header == "null") return "Origin 'null' is not allowed";
  // Origin is scheme://authority; compare its host with loopback or with our Host.
  auto scheme_end = origin_header.find("://");
  if (scheme_end == std::string_view::npos) return "malformed Origin '" + std::string(origin_header) + "'";
  std::string origin_host = host_of(origin_header.substr(scheme_end + 3));
  if (is_loopback_name(origin_host)) return {};
  if (!loopback_bind_ && origin_host == host) return {};
  if (std::find(allowed_hosts_.begin(), allowed_hosts_.end(), origin_host) != allowed_hosts_.end()) return {};
  return "Origin '" + std::string(origin_header) + "' is not allowed";
}

}  // namespace mcpgw::http
