#include "core/http/url.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include <boost/url/parse.hpp>

namespace mcpgw::http {

namespace {

bool is_unreserved_or_sub_delim(char c) {
  // RFC 3986 §2.2–2.3: ALPHA DIGIT "-" "." "_" "~" and "!" "$" "&" "'" "(" ")" "*" "+" "," ";" "="
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("-._~!$&'()*+,;=").find(c) != std::string_view::npos;
}

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

/// Only characters RFC 3986 has a place for: unreserved, sub-delims, gen-delims and "%".
bool uri_characters_only(std::string_view text) {
  for (char c : text)
    if (!is_unreserved_or_sub_delim(c) && std::string_view(":/?#[]@%").find(c) == std::string_view::npos) return false;
  return true;
}

}  // namespace

std::string Url::origin() const {
  std::string out = tls ? "https://" : "http://";
  out += host.find(':') != std::string::npos ? "[" + host + "]" : host;
  if (port != (tls ? 443 : 80)) out += ":" + std::to_string(port);
  return out;
}

bool is_origin_form(std::string_view target) {
  // RFC 9112 §3.2.1 origin-form = absolute-path [ "?" query ], in RFC 3986 characters only:
  // no space, control character or anything else a request line or header could be split on.
  if (target.empty() || target.front() != '/') return false;
  for (std::size_t i = 0; i < target.size(); ++i) {
    char c = target[i];
    if (is_unreserved_or_sub_delim(c) || c == ':' || c == '@' || c == '/' || c == '?') continue;
    if (c == '%' && i + 2 < target.size() && is_hex(target[i + 1]) && is_hex(target[i + 2])) {
      i += 2;
      continue;
    }
    return false;
  }
  return true;
}

bool is_host(std::string_view host) {
  // A DNS name, an IPv4 address or an IPv6 address (without brackets); nothing a Host header
  // or TLS SNI could be abused with.
  if (host.empty() || host.size() > 255) return false;
  if (host.find(':') != std::string_view::npos)
    return host.find_first_not_of("0123456789abcdefABCDEF:.") == std::string_view::npos;
  for (char c : host) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
              c == '_';
    if (!ok) return false;
  }
  return true;
}

std::optional<Url> parse_url(std::string_view text) {
  // Boost.URL holds the RFC 3986 grammar: spaces, control characters and other characters
  // outside it are refused, so no URL can carry a line break into a request line or header.
  // Only http(s) URLs with an authority are ours, and anything else is refused before Boost.URL
  // sees it: 1.81 trips over characters a rootless path cannot hold ("A:\\" and "A:]" end in an
  // assertion; boostorg/url#665).
  auto has_prefix = [text](std::string_view prefix) {
    return text.size() >= prefix.size() &&
           std::equal(prefix.begin(), prefix.end(), text.begin(),
                      [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); });
  };
  if (!has_prefix("http://") && !has_prefix("https://")) return std::nullopt;
  if (!uri_characters_only(text)) return std::nullopt;
  auto parsed = boost::urls::parse_uri(text);
  if (!parsed) return std::nullopt;
  const boost::urls::url_view& u = *parsed;
  Url url;
  if (u.scheme_id() == boost::urls::scheme::https) url.tls = true;
  else if (u.scheme_id() != boost::urls::scheme::http) return std::nullopt;
  if (!u.has_authority()) return std::nullopt;
  switch (u.host_type()) {
    case boost::urls::host_type::ipv4:
    case boost::urls::host_type::name: url.host = std::string(u.encoded_host()); break;
    case boost::urls::host_type::ipv6: url.host = u.host_ipv6_address().to_string(); break;
    default: return std::nullopt;
  }
  if (!is_host(url.host)) return std::nullopt;
  url.port = url.tls ? 443 : 80;
  if (std::string_view port_text = u.port(); !port_text.empty()) {
    unsigned port = 0;
    auto [p, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || p != port_text.data() + port_text.size() || port == 0 || port > 65535)
      return std::nullopt;
    url.port = static_cast<std::uint16_t>(port);
  }
  url.target = u.encoded_path().empty() ? "/" : std::string(u.encoded_path());
  if (u.has_query()) url.target += "?" + std::string(u.encoded_query());
  if (!is_origin_form(url.target)) return std::nullopt;
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
  // RFC 3986 §5 for the references SSE servers send; the result is checked whole by parse_url.
  if (reference.empty()) return std::nullopt;
  auto colon = reference.find(':');
  if (colon != std::string_view::npos && colon < reference.find_first_of("/?#")) return parse_url(reference);
  if (reference.starts_with("//")) return parse_url((base.tls ? "https:" : "http:") + std::string(reference));
  std::string target;
  if (reference.front() == '/') {
    target = std::string(reference);
  } else {
    // A relative path replaces the last segment of the base path.
    std::string path = base.target.substr(0, base.target.find('?'));
    target = path.substr(0, path.rfind('/') + 1) + std::string(reference);
  }
  return parse_url(base.origin() + target);
}

}  // namespace mcpgw::http
