#pragma once

#include <string>
#include <string_view>

#include "core/auth/algorithm.hpp"
#include "core/auth/jwt.hpp"
#include "core/auth/signature.hpp"

namespace mcpgw::auth {

/// Mints JWS compact tokens with one algorithm and key. Immutable; any thread may call it.
class Signer {
 public:
  /// Throws ConfigError when the key cannot serve the algorithm, or is public only.
  Signer(Algorithm algorithm, KeyMaterial key);

  Algorithm algorithm() const { return algorithm_; }

  /// header.payload.signature. The header is {"alg": ..., "typ": "JWT"} plus `extra_header`'s
  /// members; "alg" always names this signer's algorithm.
  std::string sign(const Json& claims, const Json& extra_header = Json::object()) const;

  /// The base64url signature of an already-built signing input (for custom headers and tests).
  std::string sign_input(std::string_view signing_input) const;

 private:
  Algorithm algorithm_;
  KeyMaterial key_;
};

}  // namespace mcpgw::auth
