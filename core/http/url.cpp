#include "core/http/url.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace mcpgw::http {

std::string Url::origin() const {
  std::string out = tls ? "https://" : "http://";
  out += host.find(':') != std::string::npos ? "[" + host + "]" : host;
  if (port != (tls ? 443 : 80)) out += ":" + std::to_string(port);
  return out;
}

std::optional<Url> parse_url(std::string_view text) {
  Url url;
  auto scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos) return std::nullopt;
  std::string scheme(text.substr(0, scheme_end));
  std::transform(scheme.begin(), scheme.end(), scheme.begin(), [](unsigned char c) { return std::tolower(c); });
  if (scheme == "https") url.tls = true;
  else if (scheme != "http") return std::nullopt;
  text.remove_prefix(scheme_end + 3);
  auto path_start = text.find_first_of("/?#");
  std::string_view authority = text.substr(0, path_start);
  std::string_view rest = path_start == std::string_view::npos ? std::string_view() : text.substr(path_start);
  if (auto at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    url.host = std::string(authority.substr(1, close - 1));
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return std::nullopt;
      port_text = authority.substr(close + 2);
    }
  } else {
    auto colon = authority.rfind(':');
    url.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
  }
  if (url.host.empty()) return std::nullopt;
  url.port = url.tls ? 443 : 80;
  if (!port_text.empty()) {
    unsigned port = 0;
    auto [p, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || p != port_text.data() + port_text.size() || port == 0 || port > 65535)
      return std::nullopt;
    url.port = static_cast<std::uint16_t>(port);
  }
  if (auto hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
  url.target = rest.empty() ? "/" : std::string(rest);
  if (url.target.front() == '?') url.target.insert(0, "/");
  return url;
}

bool complete_gateway_server_path(Url& url) {
  auto query = url.target.find('?');
  std::string path = url.target.substr(0, query);
  std::string rest = query == std::string::npos ? std::string() : url.target.substr(query);
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  auto last = path.rfind('/');
  if (last == std::string::npos || last == 0) return false;
  auto before = path.rfind('/', last - 1);
  if (before == std::string::npos || path.compare(before, last - before, "/servers") != 0) return false;
  url.target = path + "/mcp" + rest;
  return true;
}

std::optional<Url> resolve_url(const Url& base, std::string_view reference) {
  if (reference.find("://") != std::string_view::npos) return parse_url(reference);
  if (reference.empty()) return std::nullopt;
  Url url = base;
  if (reference.front() == '/') {
    url.target = std::string(reference);
  } else {
    // A relative path replaces the last segment of the base path.
    std::string path = base.target.substr(0, base.target.find('?'));
    url.target = path.substr(0, path.rfind('/') + 1) + std::string(reference);
  }
  return url;
}

}  // namespace mcpgw::http
