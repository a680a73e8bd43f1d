#pragma once

#include <chrono>
#include <cstddef>
#include <string_view>

namespace mcpgw::auth {

/// Token defaults shared by `mcpgw token` and `mcpgw serve`. They match ContextForge's
/// (JWT_ISSUER, JWT_AUDIENCE, TOKEN_EXPIRY), so tokens minted by either verify with the other.
inline constexpr std::string_view kDefaultIssuer = "mcpgateway";
inline constexpr std::string_view kDefaultAudience = "mcpgateway-api";
inline constexpr long kDefaultExpiryMinutes = 10080;  // 7 days

/// Clock skew tolerated on `exp` and `nbf`.
inline constexpr std::chrono::seconds kDefaultLeeway{30};

/// Longer tokens are refused before any parsing; real ones are a few hundred bytes.
inline constexpr std::size_t kMaxTokenBytes = 8 * 1024;

/// HMAC secrets shorter than this are accepted with a warning (RFC 7518 §3.2 wants at least
/// the hash size; 32 bytes covers HS256).
inline constexpr std::size_t kMinSecretBytes = 32;

/// `serve` keeps its generated secret here (mode 0600); `token` falls back to it.
inline constexpr std::string_view kDefaultSecretFileName = ".mcpgw_jwt_secret";

}  // namespace mcpgw::auth
