#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/auth/algorithm.hpp"
#include "core/auth/keys.hpp"

namespace mcpgw::auth {

/// A shared secret for the HS* algorithms (raw bytes, not base64).
struct HmacSecret {
  std::string bytes;
};

/// What signs or verifies: an HMAC secret or an RSA/EC key.
using KeyMaterial = std::variant<HmacSecret, Key>;

/// Why `key` cannot serve `algorithm` (e.g. an HS algorithm with an RSA key: the algorithm
/// confusion attack); nullopt when it can.
std::optional<std::string> key_mismatch(Algorithm algorithm, const KeyMaterial& key);

/// The algorithms `key` can serve: HS256/384/512 for a secret, RS256/384/512 for RSA, the one
/// ES* of an EC key's curve.
std::vector<Algorithm> algorithms_for(const KeyMaterial& key);

/// The raw JWS signature of `input` (R||S for ES*). The caller has checked key_mismatch.
/// Throws Fatal when OpenSSL fails or `key` is public only.
std::string sign_bytes(Algorithm algorithm, const KeyMaterial& key, std::string_view input);

/// Whether `signature` is a valid JWS signature of `input`; HMACs compare in constant time.
/// Never throws; false on any mismatch, including of key and algorithm.
bool verify_bytes(Algorithm algorithm, const KeyMaterial& key, std::string_view input,
                  std::string_view signature) noexcept;

}  // namespace mcpgw::auth
