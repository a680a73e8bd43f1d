#include <iostream>

#include "commands/token_actions.hpp"
#include "commands/token_keys.hpp"
#include "core/auth/keys.hpp"
#include "core/auth/random.hpp"
#include "core/auth/secret_file.hpp"
#include "core/error.hpp"

namespace mcpgw::commands {

namespace {

struct KeyPaths {
  std::string private_key;
  std::string public_key;
};

// --out PREFIX, else --private-key with --public-key, else the prefix "jwt".
KeyPaths key_paths(const TokenOptions& options) {
  if (options.out_prefix.empty() && !options.private_key.empty() && !options.public_key.empty()) {
    return {options.private_key, options.public_key};
  }
  if (options.out_prefix.empty() && (!options.private_key.empty() || !options.public_key.empty())) {
    throw ConfigError("give both --private-key and --public-key, or --out PREFIX");
  }
  std::string prefix = options.out_prefix.empty() ? "jwt" : options.out_prefix;
  return {prefix + "-private.pem", prefix + "-public.pem"};
}

// HS*: a random secret as long as the hash (RFC 7518 §3.2).
int write_secret(const TokenOptions& options, auth::Algorithm algorithm) {
  std::size_t bytes = algorithm == auth::Algorithm::hs512   ? 64
                      : algorithm == auth::Algorithm::hs384 ? 48
                                                            : 32;
  std::string secret = auth::new_secret(bytes);
  if (options.secret_file.empty()) {
    std::cout << secret << "\n";
    return kTokenAccepted;
  }
  auth::write_secret_file(options.secret_file, secret, options.force);
  if (options.output == "json") {
    print_json(
        {{"algorithm", auth::algorithm_name(algorithm)}, {"secret_file", options.secret_file}},
        options.pretty);
  } else {
    std::cerr << "mcpgw: wrote a " << bytes << "-byte " << auth::algorithm_name(algorithm)
              << " secret to " << options.secret_file << " (mode 0600)\n";
  }
  return kTokenAccepted;
}

}  // namespace

int run_token_keygen(const TokenOptions& options) {
  auto named = parse_algorithm_list(options.algorithms);
  if (named.size() > 1) throw ConfigError("keygen takes one --algo, not a list");
  auth::Algorithm algorithm = named.empty() ? auth::Algorithm::rs256 : named.front();
  if (auth::family_of(algorithm) == auth::AlgorithmFamily::hmac) {
    return write_secret(options, algorithm);
  }

  auto paths = key_paths(options);
  auto key = auth::Key::generate(algorithm, options.rsa_bits);
  auth::write_new_file(paths.private_key, key.private_pem(), 0600, options.force);
  auth::write_new_file(paths.public_key, key.public_pem(), 0644, options.force);
  if (options.output == "json") {
    print_json({{"algorithm", auth::algorithm_name(algorithm)},
                {"private_key", paths.private_key},
                {"public_key", paths.public_key}},
               options.pretty);
  } else {
    std::cerr << "mcpgw: wrote " << auth::key_kind_name(key.kind()) << " key for "
              << auth::algorithm_name(algorithm) << ": " << paths.private_key
              << " (private, mode 0600) and " << paths.public_key << "\n";
  }
  return kTokenAccepted;
}

}  // namespace mcpgw::commands
