#include "core/auth/algorithm.hpp"

#include <array>
#include <utility>

namespace mcpgw::auth {

namespace {

struct Entry {
  Algorithm algorithm;
  std::string_view name;
  AlgorithmFamily family;
  const char* digest;
  std::size_t coordinate_bytes;
};

constexpr std::array<Entry, 8> kTable = {{
    {Algorithm::hs256, "HS256", AlgorithmFamily::hmac, "SHA256", 0},
    {Algorithm::hs384, "HS384", AlgorithmFamily::hmac, "SHA384", 0},
    {Algorithm::hs512, "HS512", AlgorithmFamily::hmac, "SHA512", 0},
    {Algorithm::rs256, "RS256", AlgorithmFamily::rsa, "SHA256", 0},
    {Algorithm::rs384, "RS384", AlgorithmFamily::rsa, "SHA384", 0},
    {Algorithm::rs512, "RS512", AlgorithmFamily::rsa, "SHA512", 0},
    {Algorithm::es256, "ES256", AlgorithmFamily::ecdsa, "SHA256", 32},
    {Algorithm::es384, "ES384", AlgorithmFamily::ecdsa, "SHA384", 48},
}};

const Entry& entry(Algorithm algorithm) { return kTable[static_cast<std::size_t>(algorithm)]; }

}  // namespace

std::optional<Algorithm> parse_algorithm(std::string_view name) {
  for (const auto& e : kTable) {
    if (e.name == name) return e.algorithm;
  }
  return std::nullopt;
}

std::string_view algorithm_name(Algorithm algorithm) { return entry(algorithm).name; }
AlgorithmFamily family_of(Algorithm algorithm) { return entry(algorithm).family; }
const char* digest_name(Algorithm algorithm) { return entry(algorithm).digest; }
std::size_t ecdsa_coordinate_bytes(Algorithm algorithm) {
  return entry(algorithm).coordinate_bytes;
}

const std::vector<Algorithm>& all_algorithms() {
  static const std::vector<Algorithm> all = [] {
    std::vector<Algorithm> v;
    for (const auto& e : kTable) v.push_back(e.algorithm);
    return v;
  }();
  return all;
}

std::string algorithm_names(const std::vector<Algorithm>& algorithms) {
  std::string out;
  for (auto a : algorithms) {
    if (!out.empty()) out += ", ";
    out += algorithm_name(a);
  }
  return out;
}

}  // namespace mcpgw::auth
