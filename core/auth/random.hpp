#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mcpgw::auth {

/// `count` bytes from OpenSSL's CSPRNG. Throws Fatal if it cannot deliver.
std::string random_bytes(std::size_t count);

/// Lower-case hex of `bytes`.
std::string to_hex(std::string_view bytes);

/// A random RFC 9562 version-4 UUID ("0b7f…-4…"), the form ContextForge uses for jti.
std::string new_token_id();

/// A fresh HMAC secret: `bytes` random bytes as hex (64 characters for the default 32).
std::string new_secret(std::size_t bytes = 32);

}  // namespace mcpgw::auth
