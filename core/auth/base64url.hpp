#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mcpgw::auth {

/// Base64url without padding (RFC 7515 §2, RFC 4648 §5).
std::string base64url_encode(std::string_view bytes);

/// Strict decoding: no padding, no whitespace, only the URL-safe alphabet, and unused trailing
/// bits must be zero, so every byte string has exactly one accepted encoding.
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace mcpgw::auth
