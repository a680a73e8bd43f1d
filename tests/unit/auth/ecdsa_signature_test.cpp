#include "core/auth/ecdsa_signature.hpp"

#include <catch2/catch.hpp>

using namespace mcpgw::auth;

namespace {

std::string bytes(std::initializer_list<int> list) {
  std::string out;
  for (int b : list) out += static_cast<char>(b);
  return out;
}

}  // namespace

TEST_CASE("DER ECDSA signatures become fixed-width R||S and back", "[auth]") {
  // SEQUENCE { INTEGER 0x01, INTEGER 0x00 0x80 } — the 0x00 keeps 0x80 positive in DER.
  std::string der = bytes({0x30, 0x07, 0x02, 0x01, 0x01, 0x02, 0x02, 0x00, 0x80});
  auto raw = ecdsa_der_to_jose(der, 4);
  REQUIRE(raw);
  CHECK(*raw == bytes({0, 0, 0, 1, 0, 0, 0, 0x80}));
  CHECK(ecdsa_jose_to_der(*raw, 4) == der);
}

TEST_CASE("ECDSA conversions reject what cannot be a signature", "[auth]") {
  SECTION("R||S of the wrong length") {
    CHECK_FALSE(ecdsa_jose_to_der(std::string(63, '\1'), 32));
    CHECK_FALSE(ecdsa_jose_to_der(std::string(65, '\1'), 32));
    CHECK_FALSE(ecdsa_jose_to_der("", 32));
  }
  SECTION("DER garbage") { CHECK_FALSE(ecdsa_der_to_jose("not der", 32)); }
  SECTION("an R wider than the curve") {
    std::string der = bytes({0x30, 0x08, 0x02, 0x03, 0x01, 0x02, 0x03, 0x02, 0x01, 0x01});
    CHECK_FALSE(ecdsa_der_to_jose(der, 2));
    CHECK(ecdsa_der_to_jose(der, 3));
  }
}
