#pragma once

#include <stdexcept>
#include <string>
#include <system_error>

#include <boost/system/error_code.hpp>

namespace mcpgw {

/// mcpgw's own failure codes for the I/O path; see error.cpp for their messages.
enum class Errc {
  session_not_found = 1,   // an Mcp-Session-Id or SSE session id we do not know
  body_too_large,          // a request body over the configured limit
  upstream_exited,         // the stdio child (or remote stream) went away
  upstream_timeout,        // no answer within the configured time
  origin_rejected,         // Origin/Host failed DNS-rebinding checks
  unsupported_revision,    // a protocol version we do not speak
  malformed_message,       // not JSON-RPC 2.0
  line_too_long,           // a stdio line over the framer's limit
  cancelled,               // the caller went away or asked to stop
  upstream_http_status,    // a remote server answered with an unexpected HTTP status
  upstream_unreachable,    // a remote server could not be reached at all (nothing was sent)
  upstream_unauthorized,   // a remote server refused our credentials (HTTP 401 or 403)
  stream_ended,            // a response stream ended before the answer came
  session_expired,         // a remote server ended the session and it could not be renewed
  record_not_found,        // the store has no record with that id
  record_conflict,         // a record with that id or unique name already exists
  dangling_reference,      // a record names a gateway or linked record that does not exist
  invalid_cursor,          // a pagination cursor we did not issue
  request_id_in_use,       // a request reuses the id of one still in flight in its session
  invalid_url,             // a URL or request target that is not safe to send (RFC 3986 characters only)
  invalid_header_value,    // an outgoing header value with a line break or NUL in it
  destination_blocked,     // every address of an upstream is in a network the SSRF policy blocks
};

const boost::system::error_category& mcpgw_category() noexcept;

inline boost::system::error_code make_error_code(Errc e) noexcept {
  return {static_cast<int>(e), mcpgw_category()};
}

/// A bad flag, environment variable or config file: startup stops with exit code 1.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A state the program cannot continue from.
class Fatal : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace mcpgw

template <>
struct boost::system::is_error_code_enum<mcpgw::Errc> : std::true_type {};
