#include "core/auth/signature.hpp"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include <memory>

#include "core/auth/ecdsa_signature.hpp"
#include "core/error.hpp"

namespace mcpgw::auth {

namespace {

using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

const auto* bytes_of(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

std::optional<std::string> hmac(Algorithm algorithm, const HmacSecret& secret,
                                std::string_view input) {
  unsigned char out[EVP_MAX_MD_SIZE];
  std::size_t len = 0;
  if (!EVP_Q_mac(nullptr, "HMAC", nullptr, digest_name(algorithm), nullptr, secret.bytes.data(),
                 secret.bytes.size(), bytes_of(input), input.size(), out, sizeof out, &len)) {
    ERR_clear_error();
    return std::nullopt;
  }
  return std::string(reinterpret_cast<char*>(out), len);
}

std::optional<std::string> sign_with_key(Algorithm algorithm, const Key& key,
                                         std::string_view input) {
  MdCtxPtr ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  std::size_t len = 0;
  if (!ctx ||
      EVP_DigestSignInit_ex(ctx.get(), nullptr, digest_name(algorithm), nullptr, nullptr, key.get(),
                            nullptr) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &len, bytes_of(input), input.size()) != 1) {
    return std::nullopt;
  }
  std::string sig(len, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len, bytes_of(input),
                     input.size()) != 1) {
    return std::nullopt;
  }
  sig.resize(len);
  if (family_of(algorithm) == AlgorithmFamily::ecdsa) {
    return ecdsa_der_to_jose(sig, ecdsa_coordinate_bytes(algorithm));
  }
  return sig;
}

bool verify_with_key(Algorithm algorithm, const Key& key, std::string_view input,
                     std::string_view signature) {
  std::string der;
  if (family_of(algorithm) == AlgorithmFamily::ecdsa) {
    auto converted = ecdsa_jose_to_der(signature, ecdsa_coordinate_bytes(algorithm));
    if (!converted) return false;
    der = std::move(*converted);
    signature = der;
  }
  MdCtxPtr ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  return ctx &&
         EVP_DigestVerifyInit_ex(ctx.get(), nullptr, digest_name(algorithm), nullptr, nullptr,
                                 key.get(), nullptr) == 1 &&
         EVP_DigestVerify(ctx.get(), bytes_of(signature), signature.size(), bytes_of(input),
                          input.size()) == 1;
}

}  // namespace

std::optional<std::string> key_mismatch(Algorithm algorithm, const KeyMaterial& key) {
  if (const auto* asymmetric = std::get_if<Key>(&key)) return asymmetric->mismatch(algorithm);
  if (family_of(algorithm) != AlgorithmFamily::hmac) {
    return std::string(algorithm_name(algorithm)) + " needs a key file, not a shared secret";
  }
  if (std::get<HmacSecret>(key).bytes.empty()) return std::string("the secret is empty");
  return std::nullopt;
}

std::vector<Algorithm> algorithms_for(const KeyMaterial& key) {
  std::vector<Algorithm> fitting;
  for (auto algorithm : all_algorithms()) {
    if (!key_mismatch(algorithm, key)) fitting.push_back(algorithm);
  }
  return fitting;
}

std::string sign_bytes(Algorithm algorithm, const KeyMaterial& key, std::string_view input) {
  std::optional<std::string> sig;
  if (const auto* secret = std::get_if<HmacSecret>(&key)) {
    sig = hmac(algorithm, *secret, input);
  } else {
    sig = sign_with_key(algorithm, std::get<Key>(key), input);
  }
  if (!sig) {
    unsigned long code = ERR_get_error();
    ERR_clear_error();
    char buf[256] = "unknown error";
    if (code != 0) ERR_error_string_n(code, buf, sizeof buf);
    throw Fatal(std::string("signing with ") + std::string(algorithm_name(algorithm)) +
                " failed: " + buf);
  }
  return *sig;
}

bool verify_bytes(Algorithm algorithm, const KeyMaterial& key, std::string_view input,
                  std::string_view signature) noexcept {
  try {
    if (key_mismatch(algorithm, key)) return false;
    bool ok = false;
    if (const auto* secret = std::get_if<HmacSecret>(&key)) {
      auto expected = hmac(algorithm, *secret, input);
      // The length of an HMAC is public; only the bytes need a constant-time comparison.
      ok = expected && expected->size() == signature.size() &&
           CRYPTO_memcmp(expected->data(), signature.data(), signature.size()) == 0;
    } else {
      ok = verify_with_key(algorithm, std::get<Key>(key), input, signature);
    }
    ERR_clear_error();  // a failed verification leaves errors on this thread's queue
    return ok;
  } catch (...) {
    ERR_clear_error();
    return false;
  }
}

}  // namespace mcpgw::auth
