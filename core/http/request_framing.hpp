#pragma once

#include <optional>
#include <string_view>

#include <boost/beast/http/fields.hpp>
#include <boost/beast/http/status.hpp>

namespace mcpgw::http {

/// Why a request head cannot be served: the status to answer with, then close the connection.
struct FramingRefusal {
  boost::beast::http::status status;
  std::string_view reason;
};

/// Checks what RFC 9112 asks a server to refuse before reading a body: a missing (HTTP/1.1) or
/// repeated or malformed Host (400), a transfer coding other than one final chunked (501, or 400
/// when chunked is not last and the body's length is unknown). `version` is Beast's
/// 10 × major + minor (the parser takes only 1.0 and 1.1). Pure; safe on any thread.
std::optional<FramingRefusal> check_request_framing(const boost::beast::http::fields& fields,
                                                    unsigned version);

}  // namespace mcpgw::http
