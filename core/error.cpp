#include "core/error.hpp"

namespace mcpgw {
namespace {

class Category : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "mcpgw"; }
  std::string message(int ev) const override {
    switch (static_cast<Errc>(ev)) {
      case Errc::session_not_found: return "session not found";
      case Errc::body_too_large: return "request body too large";
      case Errc::upstream_exited: return "upstream server exited";
      case Errc::upstream_timeout: return "upstream server timed out";
      case Errc::origin_rejected: return "origin not allowed";
      case Errc::unsupported_revision: return "unsupported protocol version";
      case Errc::malformed_message: return "malformed JSON-RPC message";
      case Errc::line_too_long: return "line too long";
      case Errc::cancelled: return "cancelled";
      case Errc::upstream_http_status: return "unexpected HTTP status from upstream";
      case Errc::upstream_unreachable: return "upstream server unreachable";
      case Errc::upstream_unauthorized: return "upstream server refused the credentials";
      case Errc::stream_ended: return "response stream ended before the answer";
      case Errc::session_expired: return "upstream session expired";
      case Errc::record_not_found: return "record not found";
      case Errc::record_conflict: return "a record with that id or name already exists";
      case Errc::dangling_reference: return "refers to a record that does not exist";
      case Errc::invalid_cursor: return "invalid pagination cursor";
      case Errc::request_id_in_use: return "request id already in use by a request in flight";
      case Errc::invalid_url: return "not a valid http(s) URL";
      case Errc::invalid_header_value: return "a request header value holds a line break";
      case Errc::destination_blocked: return "the destination address is blocked by the SSRF policy";
    }
    return "unknown mcpgw error";
  }
};

}  // namespace

const boost::system::error_category& mcpgw_category() noexcept {
  static const Category category;
  return category;
}

}  // namespace mcpgw
