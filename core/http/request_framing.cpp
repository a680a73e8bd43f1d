#include "core/http/request_framing.hpp"

namespace mcpgw::http {

namespace bhttp = boost::beast::http;

namespace {

// RFC 3986 authority characters: reg-name / IP-literal, then ":" port.
bool valid_host(std::string_view host) {
  if (host.empty()) return false;
  for (unsigned char c : host) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              std::string_view("-._~!$&'()*+,;=:%[]").find(static_cast<char>(c)) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_chunked(std::string_view coding) {
  static constexpr std::string_view kChunked = "chunked";
  if (coding.size() != kChunked.size()) return false;
  for (std::size_t i = 0; i < coding.size(); ++i) {
    if ((coding[i] | 0x20) != kChunked[i]) return false;
  }
  return true;
}

/// RFC 9112 6.1 and 6.3 over every Transfer-Encoding line, in order.
std::optional<FramingRefusal> check_transfer_codings(const bhttp::fields& fields, unsigned version) {
  auto [first, last] = fields.equal_range(bhttp::field::transfer_encoding);
  if (first == last) return std::nullopt;
  // 6.1: Transfer-Encoding in an HTTP/1.0 request means the framing is faulty.
  if (version < 11) return FramingRefusal{bhttp::status::bad_request, "Transfer-Encoding in an HTTP/1.0 request"};
  int codings = 0;
  int chunked = 0;
  bool chunked_last = false;
  for (auto it = first; it != last; ++it) {
    std::string_view list = it->value();
    while (!list.empty()) {
      auto comma = list.find(',');
      std::string_view coding = trim(list.substr(0, comma));
      list.remove_prefix(comma == std::string_view::npos ? list.size() : comma + 1);
      if (coding.empty()) continue;
      ++codings;
      chunked_last = is_chunked(coding);
      if (chunked_last) ++chunked;
    }
  }
  // 6.3: without a final chunked the body's length cannot be known; "chunked" twice is invalid.
  if (!chunked_last || chunked > 1) {
    return FramingRefusal{bhttp::status::bad_request, "chunked must be the final transfer coding, once"};
  }
  if (codings > 1) return FramingRefusal{bhttp::status::not_implemented, "transfer codings other than chunked"};
  return std::nullopt;
}

}  // namespace

std::optional<FramingRefusal> check_request_framing(const bhttp::fields& fields, unsigned version) {
  // RFC 9112 3.2: a server MUST answer 400 to an HTTP/1.1 request without Host, and to any request
  // with more than one Host line or an invalid Host value.
  auto hosts = fields.count(bhttp::field::host);
  if (hosts > 1) return FramingRefusal{bhttp::status::bad_request, "more than one Host header"};
  if (hosts == 0 && version >= 11) return FramingRefusal{bhttp::status::bad_request, "missing Host header"};
  if (hosts == 1 && !valid_host(fields[bhttp::field::host])) {
    return FramingRefusal{bhttp::status::bad_request, "malformed Host header"};
  }
  return check_transfer_codings(fields, version);
}

}  // namespace mcpgw::http
