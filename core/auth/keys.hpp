#pragma once

#include <openssl/types.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/auth/algorithm.hpp"

namespace mcpgw::auth {

/// An RSA or EC key (a pair, or a public key alone), loaded from PEM or generated.
/// Immutable; copies share one OpenSSL key, and any thread may use it at any time.
class Key {
 public:
  enum class Kind { rsa, ec_p256, ec_p384, unsupported };

  /// PEM private keys: PKCS#8 ("PRIVATE KEY") or traditional ("RSA/EC PRIVATE KEY").
  /// Encrypted keys are refused rather than prompting. Throws ConfigError.
  static Key from_private_pem(std::string_view pem);
  /// PEM "PUBLIC KEY" (SubjectPublicKeyInfo). Throws ConfigError.
  static Key from_public_pem(std::string_view pem);
  static Key load_private_file(const std::filesystem::path& path);
  static Key load_public_file(const std::filesystem::path& path);
  /// A fresh key for an RS* (of `rsa_bits`) or ES* algorithm. Throws ConfigError for HS*.
  static Key generate(Algorithm algorithm, int rsa_bits = 2048);

  Kind kind() const { return kind_; }
  int bits() const;
  bool has_private() const { return has_private_; }
  /// Unencrypted PKCS#8 PEM; throws ConfigError for a public key.
  std::string private_pem() const;
  std::string public_pem() const;
  EVP_PKEY* get() const { return pkey_.get(); }

  /// Why this key cannot be used with `algorithm` (wrong family, curve, or an RSA key under
  /// 2048 bits, RFC 7518 §3.3); nullopt when it can.
  std::optional<std::string> mismatch(Algorithm algorithm) const;
  /// The algorithm this key signs with when none is named: RS256, ES256 or ES384.
  std::optional<Algorithm> default_algorithm() const;

 private:
  Key(EVP_PKEY* pkey, bool has_private);

  std::shared_ptr<EVP_PKEY> pkey_;
  Kind kind_ = Kind::unsupported;
  bool has_private_ = false;
};

std::string_view key_kind_name(Key::Kind kind);

}  // namespace mcpgw::auth
