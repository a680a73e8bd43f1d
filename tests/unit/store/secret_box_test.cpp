#include "core/store/secret_box.hpp"

#include <catch2/catch.hpp>

#include "core/auth/base64url.hpp"

using mcpgw::store::SecretBox;

namespace {
const std::string kSecret = "0123456789abcdef0123456789abcdef";
}

TEST_CASE("sealed credentials open again with the same secret", "[store]") {
  SecretBox box(kSecret);
  for (std::string plain : {std::string("Bearer abc.def.ghi"), std::string(),
                            std::string("\0binary\xff", 8), std::string(5000, 'x')}) {
    std::string sealed = box.seal(plain);
    CHECK_THAT(sealed, Catch::StartsWith("v1:"));
    CHECK(sealed.find(plain.empty() ? "\x01" : plain) == std::string::npos);
    CHECK(box.open(sealed) == plain);
    CHECK(SecretBox(kSecret).open(sealed) == plain);  // the key is derived, not random
  }
}

TEST_CASE("each seal uses a fresh 12-byte nonce", "[store]") {
  SecretBox box(kSecret);
  std::string a = box.seal("same"), b = box.seal("same");
  CHECK(a != b);
  auto nonce = mcpgw::auth::base64url_decode(a.substr(3, a.find(':', 3) - 3));
  REQUIRE(nonce);
  CHECK(nonce->size() == 12);
}

TEST_CASE("an altered sealed value does not open", "[store]") {
  SecretBox box(kSecret);
  std::string sealed = box.seal("Bearer token-value");
  // Flip one character in each part after the version (nonce, ciphertext, tag).
  std::size_t start = 3;
  for (int part = 0; part < 3; ++part) {
    std::string altered = sealed;
    char& c = altered[start];
    c = c == 'A' ? 'B' : 'A';
    INFO("part " << part);
    CHECK_FALSE(box.open(altered).has_value());
    start = sealed.find(':', start) + 1;
  }
  CHECK_FALSE(box.open("v2" + sealed.substr(2)).has_value());
  CHECK_FALSE(box.open(sealed + ":extra").has_value());
  CHECK_FALSE(box.open(sealed.substr(0, sealed.rfind(':'))).has_value());
  CHECK_FALSE(box.open("").has_value());
  CHECK_FALSE(box.open("v1:!!:!!:!!").has_value());
  CHECK(box.open(sealed) == "Bearer token-value");
}

TEST_CASE("another secret or another context cannot open it", "[store]") {
  SecretBox box(kSecret);
  std::string sealed = box.seal("hunter2", "gateway-1");
  CHECK(box.open(sealed, "gateway-1") == "hunter2");
  CHECK_FALSE(box.open(sealed, "gateway-2").has_value());
  CHECK_FALSE(box.open(sealed).has_value());
  CHECK_FALSE(SecretBox(kSecret + "!").open(sealed, "gateway-1").has_value());
}
