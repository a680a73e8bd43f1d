#include "core/auth/base64url.hpp"

#include <catch2/catch.hpp>

using namespace mcpgw::auth;

TEST_CASE("base64url encodes the RFC 4648 vectors without padding", "[auth]") {
  CHECK(base64url_encode("") == "");
  CHECK(base64url_encode("f") == "Zg");
  CHECK(base64url_encode("fo") == "Zm8");
  CHECK(base64url_encode("foo") == "Zm9v");
  CHECK(base64url_encode("foob") == "Zm9vYg");
  CHECK(base64url_encode("fooba") == "Zm9vYmE");
  CHECK(base64url_encode("foobar") == "Zm9vYmFy");
}

TEST_CASE("base64url uses - and _ where base64 uses + and /", "[auth]") {
  CHECK(base64url_encode(std::string("\xfb\xff\xbf", 3)) == "-_-_");
  CHECK(base64url_decode("-_-_") == std::string("\xfb\xff\xbf", 3));
}

TEST_CASE("base64url round-trips every byte value", "[auth]") {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  for (std::size_t n = 0; n <= all.size(); n += 37) {
    auto bytes = all.substr(0, n);
    CHECK(base64url_decode(base64url_encode(bytes)) == bytes);
  }
}

TEST_CASE("base64url decoding is strict", "[auth]") {
  SECTION("padding") { CHECK_FALSE(base64url_decode("Zg==")); }
  SECTION("the standard alphabet's + and /") { CHECK_FALSE(base64url_decode("+/+/")); }
  SECTION("whitespace") { CHECK_FALSE(base64url_decode("Zm9v YmFy")); }
  SECTION("a length that leaves one character over") { CHECK_FALSE(base64url_decode("Zm9vY")); }
  SECTION("non-zero unused bits: Zh would also decode to 'f'") {
    CHECK(base64url_decode("Zg") == "f");
    CHECK_FALSE(base64url_decode("Zh"));
  }
  SECTION("bytes outside ASCII") { CHECK_FALSE(base64url_decode("Zm\xc3\xa9")); }
}
