#pragma once

#include "core/config/settings_draft.hpp"

namespace mcpgw::config {

/// Checks the finished settings as a whole, after every source is in (Caddy's Validate).
/// Throws ConfigError naming where the offending value came from: a JWT secret or
/// AUTH_ENCRYPTION_SECRET under 32 bytes, an unknown JWT algorithm or one without its key
/// file, authentication off on a non-loopback address, Basic auth without a password, a
/// separator or protocol version we do not support, a bad APP_ROOT_PATH or DATABASE_URL
/// (PostgreSQL is recognised and reported as not supported yet).
void validate(const SettingsDraft& draft);

/// The shortest secret accepted for JWT_SECRET_KEY and AUTH_ENCRYPTION_SECRET.
inline constexpr std::size_t kMinSecretBytes = 32;

}  // namespace mcpgw::config
