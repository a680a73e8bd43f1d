#include "core/gateway/exposed_name.hpp"

#include <openssl/evp.h>

#include "core/error.hpp"

namespace mcpgw::gateway {

namespace {
std::string short_hash(std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr) != 1)
    throw Fatal("SHA-256 failed");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 4; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0xf];
  }
  return out;
}
}  // namespace

std::string exposed_name(std::string_view prefix, std::string_view separator, std::string_view original) {
  std::string full;
  if (!prefix.empty()) {
    full.append(prefix);
    full.append(separator);
  }
  full.append(original);
  if (full.size() <= kMaxExposedName) return full;
  std::string suffix = "_" + short_hash(full);
  full.resize(kMaxExposedName - suffix.size());
  return full + suffix;
}

}  // namespace mcpgw::gateway
