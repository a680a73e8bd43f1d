#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace mcpgw::store {

/// Encrypts upstream credentials (auth_value_encrypted) for storage: AES-256-GCM with a key
/// derived by HKDF-SHA256 from AUTH_ENCRYPTION_SECRET and a fresh random 12-byte nonce per
/// message. Sealed text is "v1:<nonce>:<ciphertext>:<tag>", each part base64url without
/// padding. Immutable after construction, so any thread may use it.
class SecretBox {
 public:
  /// Derives the key from `secret` (validation requires 32 bytes or more).
  explicit SecretBox(std::string_view secret);
  ~SecretBox();
  SecretBox(const SecretBox&) = default;
  SecretBox& operator=(const SecretBox&) = default;

  /// Encrypts `plaintext`. `context` is authenticated but not stored (a record id, say), so a
  /// sealed value copied to another record fails to open. Throws Fatal if OpenSSL fails.
  std::string seal(std::string_view plaintext, std::string_view context = {}) const;

  /// The plaintext, or nullopt when `sealed` is malformed, was altered, was sealed with
  /// another secret, or under another context.
  std::optional<std::string> open(std::string_view sealed, std::string_view context = {}) const;

 private:
  std::array<unsigned char, 32> key_{};
};

}  // namespace mcpgw::store
