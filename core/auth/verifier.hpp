#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/auth/algorithm.hpp"
#include "core/auth/defaults.hpp"
#include "core/auth/jwt.hpp"
#include "core/auth/reason.hpp"
#include "core/auth/signature.hpp"

namespace mcpgw::auth {

/// How a Verifier decides; fixed when the Verifier is built.
struct VerifierConfig {
  KeyMaterial key;                               // the secret (HS*) or public key (RS*, ES*)
  std::vector<Algorithm> algorithms;             // allow-list; empty = every algorithm `key` serves
  std::string issuer{kDefaultIssuer};            // required "iss"; empty = not checked
  std::string audience{kDefaultAudience};        // must be in "aud"; empty = not checked
  std::chrono::seconds leeway = kDefaultLeeway;  // clock skew allowed on exp and nbf
  bool require_exp = true;
  bool require_jti = true;  // revocation works by jti
  std::vector<std::string> required_claims = {"sub"};
  std::size_t max_token_bytes = kMaxTokenBytes;
  /// Revocation hook, given each accepted token's jti; may be empty. It is called from every
  /// thread that verifies, so it must be safe to call concurrently.
  std::function<bool(std::string_view jti)> is_revoked;
  /// The time now; empty = the system clock. Tests inject a fixed time.
  std::function<std::chrono::system_clock::time_point()> clock;
};

/// What a verification found: either ok with the header and claims, or a reason and message.
struct VerifyResult {
  Reason reason = Reason::ok;
  std::string message;
  Json header;
  Json claims;
  bool ok() const { return reason == Reason::ok; }
};

/// Checks tokens on every request: size, form, algorithm allow-list, signature, then claims.
/// Built once; verify() is const, takes no locks and may be called from any thread.
class Verifier {
 public:
  /// Throws ConfigError when the key cannot serve an allowed algorithm (so an HS token can
  /// never be checked against an RSA public key) or the settings make no sense.
  explicit Verifier(VerifierConfig config);

  /// Never throws for a bad token: every rejection is a Reason with a one-line message.
  VerifyResult verify(std::string_view token) const;

  const std::vector<Algorithm>& algorithms() const { return config_.algorithms; }

 private:
  std::optional<Failure> check_header(const Json& header, Algorithm& algorithm) const;
  std::optional<Failure> check_claims(const Json& claims) const;
  std::optional<Failure> check_times(const Json& claims) const;
  std::optional<Failure> check_audience(const Json& claims) const;

  VerifierConfig config_;
  std::vector<std::string> required_;  // required_claims plus those the settings imply
};

}  // namespace mcpgw::auth
