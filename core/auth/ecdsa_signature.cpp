#include "core/auth/ecdsa_signature.hpp"

#include <openssl/bn.h>
#include <openssl/ec.h>

#include <memory>

namespace mcpgw::auth {

namespace {

using SigPtr = std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)>;

}  // namespace

std::optional<std::string> ecdsa_der_to_jose(std::string_view der, std::size_t coordinate_bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  SigPtr sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())), &ECDSA_SIG_free);
  if (!sig) return std::nullopt;
  const BIGNUM* r = nullptr;
  const BIGNUM* s = nullptr;
  ECDSA_SIG_get0(sig.get(), &r, &s);
  std::string out(2 * coordinate_bytes, '\0');
  auto* dst = reinterpret_cast<unsigned char*>(out.data());
  int n = static_cast<int>(coordinate_bytes);
  if (BN_bn2binpad(r, dst, n) != n || BN_bn2binpad(s, dst + n, n) != n) return std::nullopt;
  return out;
}

std::optional<std::string> ecdsa_jose_to_der(std::string_view raw, std::size_t coordinate_bytes) {
  if (coordinate_bytes == 0 || raw.size() != 2 * coordinate_bytes) return std::nullopt;
  const auto* src = reinterpret_cast<const unsigned char*>(raw.data());
  int n = static_cast<int>(coordinate_bytes);
  BIGNUM* r = BN_bin2bn(src, n, nullptr);
  BIGNUM* s = BN_bin2bn(src + n, n, nullptr);
  SigPtr sig(ECDSA_SIG_new(), &ECDSA_SIG_free);
  if (!r || !s || !sig || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    return std::nullopt;
  }
  // From here the signature owns r and s.
  int len = i2d_ECDSA_SIG(sig.get(), nullptr);
  if (len <= 0) return std::nullopt;
  std::string der(static_cast<std::size_t>(len), '\0');
  auto* out = reinterpret_cast<unsigned char*>(der.data());
  if (i2d_ECDSA_SIG(sig.get(), &out) != len) return std::nullopt;
  return der;
}

}  // namespace mcpgw::auth
