#include <chrono>
#include <iostream>

#include "commands/token_actions.hpp"
#include "commands/token_keys.hpp"
#include "core/auth/claims.hpp"
#include "core/auth/jwt.hpp"
#include "core/auth/random.hpp"
#include "core/auth/signer.hpp"
#include "core/error.hpp"

namespace mcpgw::commands {

namespace {

// Flags → ClaimsSpec; ContextForge's spellings mean the same here.
auth::ClaimsSpec claims_spec(const TokenOptions& options) {
  if (options.exp_minutes == 0 && !options.no_expiry_ok) {
    throw ConfigError(
        "--exp 0 makes a token that never expires; add --no-expiry-ok if that is "
        "really wanted");
  }
  auth::ClaimsSpec spec;
  spec.subject = options.username;
  spec.issuer = options.issuer;
  spec.audience = options.audience;
  spec.expires_in = std::chrono::minutes(options.exp_minutes);
  spec.is_admin = options.admin;
  if (!options.full_name.empty()) spec.full_name = options.full_name;
  if (!options.teams.empty()) spec.teams = options.teams;
  if (!options.scopes.empty()) spec.scopes = auth::parse_scopes(options.scopes);
  if (!options.data.empty()) spec.extra = auth::parse_claim_data(options.data);
  return spec;
}

}  // namespace

int run_token_mint(const TokenOptions& options) {
  // 1. Claims from the flags; 2. the key; 3. sign; 4. the token alone on stdout.
  auto spec = claims_spec(options);
  auto key = signing_key(options);
  std::vector<std::string> replaced;
  auto claims =
      auth::build_claims(spec, std::chrono::system_clock::now(), auth::new_token_id(), &replaced);
  for (const auto& name : replaced) {
    std::cerr << "mcpgw: warning: --data's \"" << name << "\" is replaced by mcpgw's own\n";
  }
  if (!claims.contains("exp")) {
    std::cerr << "mcpgw: warning: this token never expires; revoke it by its jti if it leaks\n";
  }
  if (options.pretty && options.output == "text") {
    std::cerr << "Payload:\n" << claims.dump(2) << "\n";
  }

  auth::Signer signer(key.algorithms.front(), key.material);
  std::string token = signer.sign(claims);
  if (options.output == "json") {
    print_json(
        {{"token", token}, {"header", auth::decode_unverified(token).header}, {"claims", claims}},
        options.pretty);
  } else {
    std::cout << token << "\n";
  }
  return kTokenAccepted;
}

}  // namespace mcpgw::commands
