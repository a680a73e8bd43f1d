#pragma once

#include <string>
#include <vector>

#include "core/auth/defaults.hpp"

namespace CLI {
class App;
}

namespace mcpgw::commands {

/// Options of `mcpgw token` (mint) and its subcommands decode, verify and keygen.
/// Defaults live here; flags and environment variables fill the rest. main owns it.
struct TokenOptions {
  enum class Action { mint, decode, verify, keygen };
  Action action = Action::mint;

  // Keys, for mint, verify and keygen. See token_keys.cpp for which one is used.
  std::vector<std::string> algorithms;  // --algo (JWT_ALGORITHM); none: from the key, else HS256
  std::string secret;                   // --secret
  std::string secret_file;              // --secret-file
  std::string private_key;              // --private-key (JWT_PRIVATE_KEY_PATH)
  std::string public_key;               // --public-key (JWT_PUBLIC_KEY_PATH)
  std::string issuer{auth::kDefaultIssuer};      // --iss (JWT_ISSUER)
  std::string audience{auth::kDefaultAudience};  // --aud (JWT_AUDIENCE)
  std::string output = "text";                   // -o text|json
  bool pretty = false;
  bool no_expiry_ok = false;  // mint: allow --exp 0; verify: accept tokens without exp
  bool note_secret_file = true;  // say on stderr when the secret file beside the database is used

  // mint
  std::string username;
  long exp_minutes = auth::kDefaultExpiryMinutes;
  std::string data;
  bool admin = false;
  std::vector<std::string> teams;
  std::string scopes;
  std::string full_name;
  std::string decode_token;  // --decode TOKEN: ContextForge's spelling of `token decode`

  // decode, verify
  std::string token;  // "-" reads it from stdin
  long leeway_seconds = auth::kDefaultLeeway.count();
  bool no_jti_ok = false;

  // keygen
  std::string out_prefix;
  int rsa_bits = 2048;
  bool force = false;
};

/// Adds `token` and its subcommands to `app`: flags, environment variables, validators.
CLI::App* register_token(CLI::App& app, TokenOptions& options);

/// Runs the parsed action. 0 = done (or the token is valid), 1 = refused or failed.
int run_token(const TokenOptions& options);

}  // namespace mcpgw::commands
