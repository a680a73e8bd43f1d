#include "commands/api_target.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <iostream>

#include <CLI/CLI.hpp>

#include "commands/token.hpp"
#include "commands/token_keys.hpp"
#include "core/auth/claims.hpp"
#include "core/auth/random.hpp"
#include "core/auth/signer.hpp"
#include "core/error.hpp"
#include "core/exit_code.hpp"

namespace mcpgw::commands {

namespace {

std::string env_or(const char* name, std::string fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : fallback;
}

/// A short-lived admin token signed with the gateway's own key, or "" when no key is found.
std::string minted_token(const TargetOptions& options) {
  TokenOptions t;
  t.secret = options.token_secret;
  t.secret_file = options.secret_file;
  t.note_secret_file = false;
  t.private_key = env_or("JWT_PRIVATE_KEY_PATH", "");
  if (auto algo = env_or("JWT_ALGORITHM", ""); !algo.empty()) t.algorithms = {algo};
  TokenKey key;
  try {
    key = signing_key(t);
  } catch (const ConfigError&) {
    if (!options.token_secret.empty() || !options.secret_file.empty()) throw;
    return {};  // no key anywhere: the gateway may run with auth off
  }
  auth::ClaimsSpec spec;
  spec.subject = env_or("PLATFORM_ADMIN_EMAIL", "admin@example.com");
  spec.issuer = env_or("JWT_ISSUER", spec.issuer);
  spec.audience = env_or("JWT_AUDIENCE", spec.audience);
  spec.expires_in = std::chrono::minutes(5);
  spec.is_admin = true;
  auto claims = auth::build_claims(spec, std::chrono::system_clock::now(), auth::new_token_id());
  return auth::Signer(key.algorithms.front(), key.material).sign(claims);
}

}  // namespace

void add_target_flags(CLI::App* sub, TargetOptions& o, bool toml_output) {
  sub->add_option("--url", o.url, "The gateway's base URL")->envname("MCPGW_URL")->capture_default_str();
  sub->add_option("--token", o.token, "Bearer token for the gateway (default: minted from its secret)")
      ->envname("MCPGATEWAY_BEARER_TOKEN");
  sub->add_option("--token-secret", o.token_secret, "Mint the token with this HMAC secret (visible in ps)");
  sub->add_option("--secret-file", o.secret_file, "Mint the token with the HMAC secret in this file");
  std::vector<std::string> formats = {"table", "json", "yaml"};
  if (toml_output) formats.push_back("toml");
  sub->add_option("-o,--output", o.output, "Output format")->check(CLI::IsMember(formats))->capture_default_str();
  sub->add_flag("-q,--quiet", o.quiet, "Print ids only");
  sub->add_option("--timeout", o.timeout_seconds, "Seconds to wait for each answer")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
}

CLI::App* add_action(CLI::App* parent, std::string& chosen, const char* name, const char* help) {
  auto* sub = parent->add_subcommand(name, help);
  sub->fallthrough();
  sub->callback([&chosen, name] { chosen = name; });
  return sub;
}

std::unique_ptr<admin::ApiClient> make_client(const TargetOptions& options) {
  std::string token = options.token.empty() ? minted_token(options) : options.token;
  return std::make_unique<admin::ApiClient>(options.url, std::move(token), std::chrono::seconds(options.timeout_seconds));
}

int run_checked(const char* command, const std::function<int()>& run) {
  try {
    return run();
  } catch (const UsageError& e) {
    std::cerr << "mcpgw " << command << ": " << e.what() << "\n";
    return kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "mcpgw " << command << ": error: " << e.what() << "\n";
    return kExitStartupFailed;
  }
}

bool interactive() { return isatty(STDIN_FILENO) && isatty(STDERR_FILENO); }

bool confirm(const std::string& question) {
  std::cerr << question << " [y/N] " << std::flush;
  std::string answer;
  if (!std::getline(std::cin, answer)) return false;
  return answer == "y" || answer == "Y" || answer == "yes" || answer == "YES" || answer == "Yes";
}

}  // namespace mcpgw::commands
