#include "commands/token.hpp"

#include <CLI/CLI.hpp>
#include <iostream>
#include <iterator>

#include "commands/token_actions.hpp"
#include "core/error.hpp"

namespace mcpgw::commands {

namespace {

constexpr std::size_t kMaxStdinBytes = 1 << 20;

void add_output_flags(CLI::App* sub, TokenOptions& o) {
  sub->add_option("-o,--output", o.output, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  sub->add_flag("--pretty", o.pretty, "Indent JSON output");
}

void add_secret_flags(CLI::App* sub, TokenOptions& o) {
  sub->add_option("-s,--secret", o.secret,
                  "HMAC secret (visible in ps; prefer --secret-file or JWT_SECRET_KEY)");
  sub->add_option("--secret-file", o.secret_file, "File holding the HMAC secret");
}

void add_claim_check_flags(CLI::App* sub, TokenOptions& o) {
  sub->add_option("--iss,--issuer", o.issuer, "Issuer (iss)")
      ->envname("JWT_ISSUER")
      ->capture_default_str();
  sub->add_option("--aud,--audience", o.audience, "Audience (aud)")
      ->envname("JWT_AUDIENCE")
      ->capture_default_str();
}

void add_mint_flags(CLI::App* token, TokenOptions& o) {
  token->add_option("-u,--username", o.username, "Subject (sub and username), e.g. an email");
  token->add_option("-e,--exp", o.exp_minutes, "Minutes until the token expires")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  token->add_flag("--no-expiry-ok", o.no_expiry_ok, "Allow --exp 0: a token that never expires");
  token->add_option("-d,--data", o.data,
                    "Extra claims: a JSON object, or key=value pairs separated by commas");
  token->add_flag("--admin", o.admin, "Rich token for an administrator (is_admin true)");
  token->add_option("--teams", o.teams, "Rich token: team ids, comma-separated")->delimiter(',');
  token->add_option("--scopes", o.scopes,
                    "Rich token: scopes as a JSON object or an array of permissions");
  token->add_option("--full-name", o.full_name, "Rich token: the user's full name");
  token
      ->add_option("--algo", o.algorithms,
                   "HS256 (default), HS384, HS512, RS256, RS384, RS512, ES256 or ES384; "
                   "with --private-key: the key's kind")
      ->envname("JWT_ALGORITHM")
      ->expected(1);
  add_secret_flags(token, o);
  token->add_option("--private-key", o.private_key, "PEM private key for RS*/ES*")
      ->envname("JWT_PRIVATE_KEY_PATH");
  add_claim_check_flags(token, o);
  add_output_flags(token, o);
  token->add_option("--decode", o.decode_token,
                    "Same as `token decode TOKEN --pretty` (no verification)");
}

void add_decode(CLI::App* token, TokenOptions& o) {
  auto* decode = token->add_subcommand(
      "decode", "Show a token's header and claims WITHOUT verifying it (for debugging)");
  decode->add_option("TOKEN", o.token, "The token, or - to read it from stdin")->required();
  add_output_flags(decode, o);
  decode->callback([&o] { o.action = TokenOptions::Action::decode; });
}

void add_verify(CLI::App* token, TokenOptions& o) {
  auto* verify = token->add_subcommand(
      "verify", "Check signature, exp/nbf, iss, aud and jti; exit 0 if valid, 1 if not");
  verify->add_option("TOKEN", o.token, "The token, or - to read it from stdin")->required();
  verify
      ->add_option("--algo", o.algorithms,
                   "Allowed algorithms, comma-separated; default: all of the key's kind")
      ->envname("JWT_ALGORITHM")
      ->delimiter(',');
  add_secret_flags(verify, o);
  verify->add_option("--public-key", o.public_key, "PEM public key for RS*/ES* tokens")
      ->envname("JWT_PUBLIC_KEY_PATH");
  verify->add_option("--private-key", o.private_key, "PEM private key, used for its public half")
      ->envname("JWT_PRIVATE_KEY_PATH");
  add_claim_check_flags(verify, o);
  verify->add_option("--leeway", o.leeway_seconds, "Clock skew allowed on exp and nbf, seconds")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  verify->add_flag("--no-expiry-ok", o.no_expiry_ok, "Accept tokens without exp");
  verify->add_flag("--no-jti-ok", o.no_jti_ok, "Accept tokens without jti");
  add_output_flags(verify, o);
  verify->callback([&o] { o.action = TokenOptions::Action::verify; });
}

void add_keygen(CLI::App* token, TokenOptions& o) {
  auto* keygen = token->add_subcommand(
      "keygen", "Write a new key pair (RS*/ES*, private key mode 0600) or HMAC secret (HS*)");
  keygen->add_option("--algo", o.algorithms, "Algorithm the key is for (default RS256)")
      ->envname("JWT_ALGORITHM")
      ->expected(1);
  keygen->add_option("--out", o.out_prefix,
                     "Write PREFIX-private.pem and PREFIX-public.pem (default prefix: jwt)");
  keygen->add_option("--private-key", o.private_key, "Path of the private key to write")
      ->envname("JWT_PRIVATE_KEY_PATH");
  keygen->add_option("--public-key", o.public_key, "Path of the public key to write")
      ->envname("JWT_PUBLIC_KEY_PATH");
  keygen->add_option("--bits", o.rsa_bits, "RSA key size")
      ->check(CLI::IsMember({2048, 3072, 4096}))
      ->capture_default_str();
  keygen->add_option("--secret-file", o.secret_file,
                     "HS*: write the secret here (mode 0600) instead of stdout");
  keygen->add_flag("--force", o.force, "Replace existing files");
  add_output_flags(keygen, o);
  keygen->callback([&o] { o.action = TokenOptions::Action::keygen; });
}

}  // namespace

CLI::App* register_token(CLI::App& app, TokenOptions& options) {
  auto* token =
      app.add_subcommand("token", "Mint, decode, verify JWTs for the gateway, and make their keys");
  token->require_subcommand(0, 1);
  add_mint_flags(token, options);
  add_decode(token, options);
  add_verify(token, options);
  add_keygen(token, options);
  return token;
}

int run_token(const TokenOptions& options) {
  if (options.action == TokenOptions::Action::mint && !options.decode_token.empty()) {
    TokenOptions decode = options;
    decode.token = options.decode_token;
    decode.pretty = true;
    return run_token_decode(decode);
  }
  switch (options.action) {
    case TokenOptions::Action::mint:
      return run_token_mint(options);
    case TokenOptions::Action::decode:
      return run_token_decode(options);
    case TokenOptions::Action::verify:
      return run_token_verify(options);
    case TokenOptions::Action::keygen:
      return run_token_keygen(options);
  }
  return kTokenRejected;
}

std::string read_token_argument(const std::string& argument) {
  std::string text = argument;
  if (argument == "-") {
    text.clear();
    char buf[4096];
    while (std::cin.read(buf, sizeof buf) || std::cin.gcount() > 0) {
      text.append(buf, static_cast<std::size_t>(std::cin.gcount()));
      if (text.size() > kMaxStdinBytes) throw ConfigError("standard input is over 1 MiB");
    }
  }
  auto begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) throw ConfigError("the token is empty");
  auto end = text.find_last_not_of(" \t\r\n");
  return text.substr(begin, end - begin + 1);
}

void print_json(const nlohmann::json& json, bool pretty) {
  std::cout << json.dump(pretty ? 2 : -1) << "\n";
}

}  // namespace mcpgw::commands
