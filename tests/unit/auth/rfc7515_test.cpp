// The example tokens of RFC 7515 appendix A, verified with the keys the RFC gives.
#include <catch2/catch.hpp>

#include "core/auth/base64url.hpp"
#include "core/auth/verifier.hpp"

using namespace mcpgw::auth;

namespace {

// A.1-A.3 share the payload {"iss":"joe",\r\n "exp":1300819380,\r\n
// "http://example.com/is_root":true}.
constexpr std::string_view kA1Token =
    "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9."
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
    "."
    "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
// The A.1 JWK's "k".
constexpr std::string_view kA1Key =
    "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow";

constexpr std::string_view kA2Token =
    "eyJhbGciOiJSUzI1NiJ9."
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
    "."
    "cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5"
    "jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb"
    "1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QO"
    "YEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw";
// The A.2 JWK's n and e (AQAB) as a SubjectPublicKeyInfo.
constexpr std::string_view kA2PublicPem = R"(-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAofgWCuLjybRlzo0tZWJj
NiuSfb4p4fAkd/wWJcyQoTbji9k0l8W26mPddxHmfHQp+Vaw+4qPCJrcS2mJPMEz
P1Pt0Bm4d4QlL+yRT+SFd2lZS+pCgNMsD1W/YpRPEwOWvG6b32690r2jZ47soMZo
9wGzjb/7OMg0LOL+bSf63kpaSHSXndS5z5rexMdbBYUsLA9e+KXBdQOS+UTo7WTB
EMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6/I5IhlJH7aGhyxX
FvUK+DWNmoudF8NAco9/h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXp
oQIDAQAB
-----END PUBLIC KEY-----
)";

constexpr std::string_view kA3Token =
    "eyJhbGciOiJFUzI1NiJ9."
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
    "."
    "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";
// The A.3 JWK's x and y on P-256.
constexpr std::string_view kA3PublicPem = R"(-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEf83OJ3D2xF1Bg8vub9tLe1gHMzV7
6e8Tus9uPHvRVEXH8UTNG72bfocs3+257rn0s2ldbqkLJK2KRiMohYjlrQ==
-----END PUBLIC KEY-----
)";

// The examples have no sub, jti, iss "mcpgateway" or aud, and expired in 2011.
VerifierConfig rfc_config(KeyMaterial key, std::int64_t now = 1300819379) {
  VerifierConfig config;
  config.key = std::move(key);
  config.issuer = "joe";
  config.audience = "";
  config.require_jti = false;
  config.required_claims = {};
  config.leeway = std::chrono::seconds(0);
  config.clock = [now] { return std::chrono::system_clock::time_point(std::chrono::seconds(now)); };
  return config;
}

}  // namespace

TEST_CASE("RFC 7515 A.1: the HS256 example verifies with its JWK key", "[auth][rfc]") {
  auto result = Verifier(rfc_config(HmacSecret{*base64url_decode(kA1Key)})).verify(kA1Token);
  INFO(result.message);
  REQUIRE(result.ok());
  CHECK(result.header == Json{{"typ", "JWT"}, {"alg", "HS256"}});
  CHECK(result.claims["iss"] == "joe");
  CHECK(result.claims["exp"] == 1300819380);
  CHECK(result.claims["http://example.com/is_root"] == true);
}

TEST_CASE("RFC 7515 A.1: the same token is expired a second after exp", "[auth][rfc]") {
  auto result =
      Verifier(rfc_config(HmacSecret{*base64url_decode(kA1Key)}, 1300819381)).verify(kA1Token);
  CHECK(result.reason == Reason::expired);
}

TEST_CASE("RFC 7515 A.2: the RS256 example verifies with its public key", "[auth][rfc]") {
  auto result = Verifier(rfc_config(Key::from_public_pem(kA2PublicPem))).verify(kA2Token);
  INFO(result.message);
  CHECK(result.ok());
  CHECK(result.header == Json{{"alg", "RS256"}});
}

TEST_CASE("RFC 7515 A.3: the ES256 example signature verifies with its public key", "[auth][rfc]") {
  auto result = Verifier(rfc_config(Key::from_public_pem(kA3PublicPem))).verify(kA3Token);
  INFO(result.message);
  CHECK(result.ok());
}

TEST_CASE("RFC 7515 examples fail with a flipped signature bit", "[auth][rfc]") {
  std::string a2(kA2Token);
  a2[a2.size() - 5] = a2[a2.size() - 5] == 'A' ? 'B' : 'A';
  CHECK(Verifier(rfc_config(Key::from_public_pem(kA2PublicPem))).verify(a2).reason ==
        Reason::bad_signature);
  std::string a3(kA3Token);
  a3[a3.size() - 5] = a3[a3.size() - 5] == 'A' ? 'B' : 'A';
  CHECK(Verifier(rfc_config(Key::from_public_pem(kA3PublicPem))).verify(a3).reason ==
        Reason::bad_signature);
}
