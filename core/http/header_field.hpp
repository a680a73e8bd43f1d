#pragma once

#include <string_view>

namespace mcpgw::http {

/// Whether `name` is a header field name (RFC 9110 §5.1: a token), 1-256 characters.
bool is_header_name(std::string_view name);

/// Whether `value` can be sent as a header field value without splitting the request: no CR, LF
/// or NUL, at most 8192 bytes.
bool is_header_value(std::string_view value);

}  // namespace mcpgw::http
