#pragma once

#include <string>
#include <vector>

#include "commands/token.hpp"
#include "core/auth/algorithm.hpp"
#include "core/auth/signature.hpp"

namespace mcpgw::commands {

/// The key a token action uses, and the algorithms it may use it with.
struct TokenKey {
  auth::KeyMaterial material;
  std::vector<auth::Algorithm> algorithms;  // signing: exactly one; verifying: the allow-list
};

/// For `token` (mint): one algorithm with a secret or a private key. Throws ConfigError.
TokenKey signing_key(const TokenOptions& options);

/// For `token verify`: the allow-list with a secret or a public key. Throws ConfigError.
TokenKey verification_key(const TokenOptions& options);

/// --algo values in any case ("rs256"). Throws ConfigError for "none" and unknown names.
std::vector<auth::Algorithm> parse_algorithm_list(const std::vector<std::string>& names);

}  // namespace mcpgw::commands
