#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mcpgw::auth {

/// The JWS algorithms mcpgw signs and verifies (RFC 7518 §3.1). "none" is never one of them.
enum class Algorithm { hs256, hs384, hs512, rs256, rs384, rs512, es256, es384 };

enum class AlgorithmFamily { hmac, rsa, ecdsa };

/// The exact, case-sensitive JOSE name ("HS256"); nullopt for "none" and anything unknown.
std::optional<Algorithm> parse_algorithm(std::string_view name);
std::string_view algorithm_name(Algorithm algorithm);
AlgorithmFamily family_of(Algorithm algorithm);

/// The hash behind the algorithm, as OpenSSL names it ("SHA256").
const char* digest_name(Algorithm algorithm);

/// Bytes in one coordinate of an ES* signature: 32 for ES256, 48 for ES384; 0 otherwise.
std::size_t ecdsa_coordinate_bytes(Algorithm algorithm);

/// Every supported algorithm, in declaration order.
const std::vector<Algorithm>& all_algorithms();

/// "HS256, HS384, ..." for messages.
std::string algorithm_names(const std::vector<Algorithm>& algorithms);

}  // namespace mcpgw::auth
