#include "core/auth/signer.hpp"

#include <catch2/catch.hpp>

#include "core/auth/jwt.hpp"
#include "core/error.hpp"
#include "tests/unit/auth/test_vectors.hpp"

using namespace mcpgw::auth;
using mcpgw::ConfigError;

namespace {

using vectors::claims;
using vectors::secret;

std::string signature_part(std::string_view token) {
  return std::string(token.substr(token.rfind('.') + 1));
}

}  // namespace

TEST_CASE("HS256, HS384 and HS512 tokens match independently computed HMACs", "[auth]") {
  CHECK(Signer(Algorithm::hs256, secret()).sign(claims()) == vectors::kHs256Token);
  CHECK(Signer(Algorithm::hs384, secret()).sign(claims()) == vectors::kHs384Token);
  CHECK(Signer(Algorithm::hs512, secret()).sign(claims()) == vectors::kHs512Token);
}

TEST_CASE("RS256, RS384 and RS512 tokens match independently computed signatures", "[auth]") {
  // PKCS #1 v1.5 signatures are deterministic, so the whole token is a known answer.
  auto key = Key::from_private_pem(vectors::kRsaPrivatePem);
  CHECK(Signer(Algorithm::rs256, key).sign(claims()) == vectors::kRs256Token);
  CHECK(Signer(Algorithm::rs384, key).sign(claims()) == vectors::kRs384Token);
  CHECK(Signer(Algorithm::rs512, key).sign(claims()) == vectors::kRs512Token);
}

TEST_CASE("ES256 and ES384 tokens carry R||S signatures of the curve's width", "[auth]") {
  // ECDSA signatures are random: the header and payload are known, the signature has a fixed
  // size and verifies (verifier_test checks the independently made ES tokens).
  struct Case {
    Algorithm algorithm;
    std::string_view pem;
    std::string_view known;
    std::size_t bytes;
  };
  for (auto c : {Case{Algorithm::es256, vectors::kP256PrivatePem, vectors::kEs256Token, 64},
                 Case{Algorithm::es384, vectors::kP384PrivatePem, vectors::kEs384Token, 96}}) {
    Signer signer(c.algorithm, Key::from_private_pem(c.pem));
    auto token = signer.sign(claims());
    auto parts = split_jwt(token);
    REQUIRE(parts);
    CHECK(parts->signing_input == split_jwt(c.known)->signing_input);
    auto decoded = decode_unverified(token);
    REQUIRE(decoded.ok());
    CHECK(decoded.signature.size() == c.bytes);
    CHECK(signature_part(signer.sign(claims())) != signature_part(token));
  }
}

TEST_CASE("the header names the algorithm and JWT type, plus extra members", "[auth]") {
  Signer signer(Algorithm::hs256, secret());
  auto decoded = decode_unverified(signer.sign(claims(), {{"kid", "k1"}, {"alg", "none"}}));
  REQUIRE(decoded.ok());
  CHECK(decoded.header == Json{{"alg", "HS256"}, {"typ", "JWT"}, {"kid", "k1"}});
}

TEST_CASE("a signer refuses a key that does not fit its algorithm", "[auth]") {
  CHECK_THROWS_AS(Signer(Algorithm::hs256, HmacSecret{""}), ConfigError);
  CHECK_THROWS_AS(Signer(Algorithm::rs256, secret()), ConfigError);
  CHECK_THROWS_AS(Signer(Algorithm::es256, Key::from_private_pem(vectors::kP384PrivatePem)),
                  ConfigError);
  CHECK_THROWS_AS(Signer(Algorithm::hs256, Key::from_private_pem(vectors::kRsaPrivatePem)),
                  ConfigError);
  CHECK_THROWS_AS(Signer(Algorithm::rs256, Key::from_public_pem(vectors::kRsaPublicPem)), ConfigError);
}
