#include "core/store/secret_box.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>

#include <memory>
#include <vector>

#include "core/auth/base64url.hpp"
#include "core/auth/random.hpp"
#include "core/error.hpp"

namespace mcpgw::store {
namespace {

constexpr std::string_view kVersion = "v1";
constexpr std::string_view kHkdfInfo = "mcpgw secret box v1 aes-256-gcm";
constexpr std::size_t kNonceBytes = 12;
constexpr std::size_t kTagBytes = 16;

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

unsigned char* bytes(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }
const unsigned char* bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

// Runs one AES-256-GCM pass. Encrypting fills `tag`; decrypting checks it. False on failure,
// which for decryption means the tag did not match.
bool gcm(bool encrypt, const unsigned char* key, std::string_view nonce, std::string_view aad,
         std::string_view in, std::string& out, std::string& tag) {
  CipherCtx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  int len = 0;
  out.assign(in.size(), '\0');
  bool ok = ctx && EVP_CipherInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key, bytes(nonce),
                                     encrypt ? 1 : 0) == 1;
  ok = ok && (aad.empty() || EVP_CipherUpdate(ctx.get(), nullptr, &len, bytes(aad),
                                              static_cast<int>(aad.size())) == 1);
  ok = ok &&
       EVP_CipherUpdate(ctx.get(), bytes(out), &len, bytes(in), static_cast<int>(in.size())) == 1;
  if (!encrypt) {
    ok = ok && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, tag.data()) == 1;
  }
  ok = ok && EVP_CipherFinal_ex(ctx.get(), bytes(out) + len, &len) == 1;
  if (encrypt && ok) {
    tag.assign(kTagBytes, '\0');
    ok = EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, tag.data()) == 1;
  }
  ERR_clear_error();
  return ok;
}

// Splits "a:b:c:d" into exactly four parts.
std::optional<std::array<std::string_view, 4>> split4(std::string_view s) {
  std::array<std::string_view, 4> parts;
  for (std::size_t i = 0; i < 3; ++i) {
    auto colon = s.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    parts[i] = s.substr(0, colon);
    s.remove_prefix(colon + 1);
  }
  if (s.find(':') != std::string_view::npos) return std::nullopt;
  parts[3] = s;
  return parts;
}

}  // namespace

SecretBox::SecretBox(std::string_view secret) {
  std::unique_ptr<EVP_KDF, decltype(&EVP_KDF_free)> kdf(EVP_KDF_fetch(nullptr, "HKDF", nullptr),
                                                        &EVP_KDF_free);
  std::unique_ptr<EVP_KDF_CTX, decltype(&EVP_KDF_CTX_free)> ctx(
      kdf ? EVP_KDF_CTX_new(kdf.get()) : nullptr, &EVP_KDF_CTX_free);
  std::string digest = "SHA256";
  std::string ikm(secret), info(kHkdfInfo);
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest.data(), 0),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, ikm.data(), ikm.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, info.data(), info.size()),
      OSSL_PARAM_construct_end()};
  bool ok = ctx && EVP_KDF_derive(ctx.get(), key_.data(), key_.size(), params) == 1;
  OPENSSL_cleanse(ikm.data(), ikm.size());
  if (!ok) {
    ERR_clear_error();
    throw Fatal("cannot derive the credential encryption key (HKDF-SHA256)");
  }
}

SecretBox::~SecretBox() { OPENSSL_cleanse(key_.data(), key_.size()); }

std::string SecretBox::seal(std::string_view plaintext, std::string_view context) const {
  std::string nonce = auth::random_bytes(kNonceBytes);
  std::string ciphertext, tag;
  if (!gcm(true, key_.data(), nonce, context, plaintext, ciphertext, tag)) {
    throw Fatal("AES-256-GCM encryption failed");
  }
  return std::string(kVersion) + ":" + auth::base64url_encode(nonce) + ":" +
         auth::base64url_encode(ciphertext) + ":" + auth::base64url_encode(tag);
}

std::optional<std::string> SecretBox::open(std::string_view sealed,
                                           std::string_view context) const {
  auto parts = split4(sealed);
  if (!parts || (*parts)[0] != kVersion) return std::nullopt;
  auto nonce = auth::base64url_decode((*parts)[1]);
  auto ciphertext = auth::base64url_decode((*parts)[2]);
  auto tag = auth::base64url_decode((*parts)[3]);
  if (!nonce || !ciphertext || !tag || nonce->size() != kNonceBytes || tag->size() != kTagBytes) {
    return std::nullopt;
  }
  std::string plaintext;
  if (!gcm(false, key_.data(), *nonce, context, *ciphertext, plaintext, *tag)) return std::nullopt;
  return plaintext;
}

}  // namespace mcpgw::store
