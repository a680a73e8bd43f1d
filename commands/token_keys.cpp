#include "commands/token_keys.hpp"

#include <cctype>
#include <cstdlib>
#include <iostream>

#include "core/auth/defaults.hpp"
#include "core/auth/secret_file.hpp"
#include "core/config/database_url.hpp"
#include "core/error.hpp"

namespace mcpgw::commands {

// Where the key comes from, in order:
//   1. a secret named on the command line: --secret, then --secret-file;
//   2. a key file: --private-key (mint) or --public-key, then --private-key (verify), each also
//      from JWT_PRIVATE_KEY_PATH / JWT_PUBLIC_KEY_PATH;
//   3. the secret in $JWT_SECRET_KEY;
//   4. the secret file `mcpgw serve` keeps beside its database: in the directory of
//      $DATABASE_URL's SQLite file when that is set, else in the working directory
//      (./.mcpgw_jwt_secret).
// An --algo (or JWT_ALGORITHM) picks the kind first: HS* skips 2, RS*/ES* uses only 2.

namespace {

using auth::Algorithm;
using auth::AlgorithmFamily;

bool is_hmac(Algorithm a) { return auth::family_of(a) == AlgorithmFamily::hmac; }

auth::HmacSecret secret_from_file(const std::string& path) {
  if (auth::readable_by_others(path)) {
    std::cerr << "mcpgw: warning: " << path << " can be read by other users; chmod 600 it\n";
  }
  return {auth::read_secret_file(path)};
}

std::optional<auth::HmacSecret> explicit_secret(const TokenOptions& options) {
  if (!options.secret.empty() && !options.secret_file.empty()) {
    throw ConfigError("give --secret or --secret-file, not both");
  }
  if (!options.secret.empty()) return auth::HmacSecret{options.secret};
  if (!options.secret_file.empty()) return secret_from_file(options.secret_file);
  return std::nullopt;
}

/// The directory of the SQLite database $DATABASE_URL names, where serve keeps its secret.
std::filesystem::path database_directory() {
  const char* url = std::getenv("DATABASE_URL");
  if (url == nullptr || *url == '\0') return std::filesystem::current_path();
  std::string why;
  auto db = config::parse_database_url(url, why);
  if (!db || db->backend != config::DatabaseUrl::Backend::sqlite || db->path == ":memory:")
    return std::filesystem::current_path();
  return std::filesystem::absolute(db->path).parent_path();
}

auth::HmacSecret fallback_secret(bool note) {
  if (const char* env = std::getenv("JWT_SECRET_KEY"); env != nullptr && *env != '\0') {
    return {env};
  }
  if (auto path = auth::find_default_secret_file(database_directory())) {
    if (note)
      std::cerr << "mcpgw: note: using the secret in " << path->filename().string()
                << " (no --secret, --secret-file or JWT_SECRET_KEY given)\n";
    return secret_from_file(path->string());
  }
  throw ConfigError(
      "no secret: pass --secret-file FILE or set JWT_SECRET_KEY (or --secret KEY, which other "
      "users can see in ps); for RS/ES tokens pass a key file");
}

// Which kinds of key the named algorithms leave open: both when none is named.
struct KeyKinds {
  bool secret = true;
  bool key_file = true;
};

KeyKinds kinds_for(const std::vector<Algorithm>& algorithms) {
  if (algorithms.empty()) return {};
  bool hmac = is_hmac(algorithms.front());
  for (auto a : algorithms) {
    if (is_hmac(a) != hmac) {
      throw ConfigError(
          "--algo mixes shared-secret (HS*) and key-pair algorithms; one key "
          "cannot serve both");
    }
  }
  return {hmac, !hmac};
}

}  // namespace

std::vector<Algorithm> parse_algorithm_list(const std::vector<std::string>& names) {
  std::vector<Algorithm> algorithms;
  for (const auto& name : names) {
    std::string upper;
    for (unsigned char c : name) {
      if (!std::isspace(c)) upper += static_cast<char>(std::toupper(c));
    }
    if (upper.empty()) continue;
    auto algorithm = auth::parse_algorithm(upper);
    if (!algorithm) {
      throw ConfigError("--algo \"" + name + "\" is not supported; use one of " +
                        auth::algorithm_names(auth::all_algorithms()));
    }
    algorithms.push_back(*algorithm);
  }
  return algorithms;
}

TokenKey signing_key(const TokenOptions& options) {
  auto named = parse_algorithm_list(options.algorithms);
  if (named.size() > 1) throw ConfigError("minting takes one --algo, not a list");
  auto kinds = kinds_for(named);
  auto secret = kinds.secret ? explicit_secret(options) : std::nullopt;

  if (!secret && kinds.key_file && !options.private_key.empty()) {
    auto key = auth::Key::load_private_file(options.private_key);
    Algorithm algorithm = named.empty() ? key.default_algorithm().value() : named.front();
    return {key, {algorithm}};
  }
  if (!kinds.secret) {
    throw ConfigError(std::string(auth::algorithm_name(named.front())) +
                      " signs with a private key: pass --private-key FILE "
                      "(mcpgw token keygen makes one)");
  }
  auth::HmacSecret material = secret ? *secret : fallback_secret(options.note_secret_file);
  if (material.bytes.size() < auth::kMinSecretBytes) {
    std::cerr << "mcpgw: warning: the secret is " << material.bytes.size()
              << " bytes; use 32 or more (mcpgw token keygen --algo HS256 makes one)\n";
  }
  return {material, {named.empty() ? Algorithm::hs256 : named.front()}};
}

TokenKey verification_key(const TokenOptions& options) {
  auto named = parse_algorithm_list(options.algorithms);
  auto kinds = kinds_for(named);
  auto secret = kinds.secret ? explicit_secret(options) : std::nullopt;
  const std::string& key_file =
      options.public_key.empty() ? options.private_key : options.public_key;

  if (!secret && kinds.key_file && !key_file.empty()) {
    auto key = options.public_key.empty() ? auth::Key::load_private_file(key_file)
                                          : auth::Key::load_public_file(key_file);
    return {key, named};
  }
  if (!kinds.secret) {
    throw ConfigError("verifying " + auth::algorithm_names(named) +
                      " tokens needs the public key: pass --public-key FILE");
  }
  return {secret ? *secret : fallback_secret(options.note_secret_file), named};
}

}  // namespace mcpgw::commands
