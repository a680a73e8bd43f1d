#include <iostream>

#include "commands/token_actions.hpp"
#include "commands/token_keys.hpp"
#include "core/auth/verifier.hpp"

namespace mcpgw::commands {

namespace {

auth::VerifierConfig verifier_config(const TokenOptions& options) {
  auto key = verification_key(options);
  auth::VerifierConfig config;
  config.key = std::move(key.material);
  config.algorithms = std::move(key.algorithms);
  config.issuer = options.issuer;
  config.audience = options.audience;
  config.leeway = std::chrono::seconds(options.leeway_seconds);
  config.require_exp = !options.no_expiry_ok;
  config.require_jti = !options.no_jti_ok;
  return config;
}

std::string summary(const auth::VerifyResult& result) {
  std::string text = result.header.value("alg", "?") + " token";
  if (auto sub = result.claims.find("sub"); sub != result.claims.end() && sub->is_string()) {
    text += " for " + sub->get<std::string>();
  }
  return text;
}

}  // namespace

int run_token_verify(const TokenOptions& options) {
  // 1. The verifier, from the key and claim checks; 2. the token; 3. the verdict.
  auth::Verifier verifier(verifier_config(options));
  auto result = verifier.verify(read_token_argument(options.token));
  std::string reason(auth::reason_name(result.reason));
  if (!result.ok()) {
    std::cerr << "mcpgw: invalid token: " << reason << ": " << result.message << "\n";
    if (options.output == "json") {
      print_json({{"valid", false}, {"reason", reason}, {"message", result.message}},
                 options.pretty);
    }
    return kTokenRejected;
  }
  std::cerr << "mcpgw: valid " << summary(result) << "\n";
  if (options.output == "json") {
    print_json({{"valid", true}, {"header", result.header}, {"claims", result.claims}},
               options.pretty);
  } else {
    print_json(result.claims, options.pretty);
  }
  return kTokenAccepted;
}

}  // namespace mcpgw::commands
