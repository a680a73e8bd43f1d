#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/auth/defaults.hpp"
#include "core/auth/jwt.hpp"

namespace mcpgw::auth {

/// What a minted token says, in ContextForge's claim set: sub and username, iss, aud, iat,
/// exp, jti; a "rich" token adds user {email, full_name, is_admin, auth_provider}, teams,
/// scopes and is_admin.
struct ClaimsSpec {
  std::string subject;  // empty: taken from extra's "sub", then "username"
  std::string issuer{kDefaultIssuer};
  std::string audience{kDefaultAudience};
  std::chrono::minutes expires_in{kDefaultExpiryMinutes};  // 0: no exp claim
  // Any of these makes the token rich.
  std::optional<std::string> full_name;
  bool is_admin = false;
  std::optional<std::vector<std::string>> teams;
  std::optional<Json> scopes;
  /// Extra claims (--data). Claims this spec sets itself replace same-named ones here.
  Json extra = Json::object();

  bool rich() const { return full_name || is_admin || teams || scopes; }
};

/// Builds the claims. `replaced` (if given) receives the names of `extra` claims that were
/// overwritten. Throws ConfigError when there is no subject or issuer/audience are empty.
Json build_claims(const ClaimsSpec& spec, std::chrono::system_clock::time_point now,
                  std::string_view jti, std::vector<std::string>* replaced = nullptr);

/// --data: a JSON object, or comma-separated key=value pairs with string values (as
/// ContextForge's create_jwt_token accepts). Throws ConfigError.
Json parse_claim_data(std::string_view text);

/// --scopes: a JSON object, used as given, or a JSON array of permissions, which becomes
/// {"server_id": null, "permissions": [...], "ip_restrictions": [], "time_restrictions": {}}.
/// Throws ConfigError.
Json parse_scopes(std::string_view text);

}  // namespace mcpgw::auth
