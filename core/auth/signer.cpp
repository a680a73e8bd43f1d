#include "core/auth/signer.hpp"

#include "core/auth/base64url.hpp"
#include "core/error.hpp"

namespace mcpgw::auth {

Signer::Signer(Algorithm algorithm, KeyMaterial key) : algorithm_(algorithm), key_(std::move(key)) {
  if (auto why = key_mismatch(algorithm_, key_)) throw ConfigError(*why);
  if (const auto* asymmetric = std::get_if<Key>(&key_); asymmetric && !asymmetric->has_private()) {
    throw ConfigError("signing needs a private key; this is a public key");
  }
}

std::string Signer::sign(const Json& claims, const Json& extra_header) const {
  Json header = {{"alg", algorithm_name(algorithm_)}, {"typ", "JWT"}};
  for (const auto& [name, value] : extra_header.items()) {
    if (name != "alg") header[name] = value;
  }
  std::string input = make_signing_input(header, claims);
  std::string signature = sign_input(input);
  return input + "." + signature;
}

std::string Signer::sign_input(std::string_view signing_input) const {
  return base64url_encode(sign_bytes(algorithm_, key_, signing_input));
}

}  // namespace mcpgw::auth
