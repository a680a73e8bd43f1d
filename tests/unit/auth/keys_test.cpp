#include "core/auth/keys.hpp"

#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "tests/unit/auth/test_vectors.hpp"

using namespace mcpgw::auth;
using mcpgw::ConfigError;

TEST_CASE("PEM keys load with their kind", "[auth]") {
  auto rsa = Key::from_private_pem(vectors::kRsaPrivatePem);
  CHECK(rsa.kind() == Key::Kind::rsa);
  CHECK(rsa.bits() == 2048);
  CHECK(rsa.has_private());
  auto rsa_public = Key::from_public_pem(vectors::kRsaPublicPem);
  CHECK(rsa_public.kind() == Key::Kind::rsa);
  CHECK_FALSE(rsa_public.has_private());
  CHECK(Key::from_public_pem(vectors::kP256PublicPem).kind() == Key::Kind::ec_p256);
  CHECK(Key::from_private_pem(vectors::kP384PrivatePem).kind() == Key::Kind::ec_p384);
}

TEST_CASE("a private key's public PEM is the matching public key", "[auth]") {
  CHECK(Key::from_private_pem(vectors::kRsaPrivatePem).public_pem() == vectors::kRsaPublicPem);
  CHECK(Key::from_private_pem(vectors::kP256PrivatePem).public_pem() == vectors::kP256PublicPem);
}

TEST_CASE("bad PEM is a ConfigError, never a prompt", "[auth]") {
  CHECK_THROWS_AS(Key::from_private_pem("not a key"), ConfigError);
  CHECK_THROWS_AS(Key::from_public_pem(vectors::kRsaPrivatePem), ConfigError);
  CHECK_THROWS_AS(
      Key::from_private_pem(
          "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n"),
      ConfigError);
  CHECK_THROWS_AS(Key::load_public_file("/nonexistent/key.pem"), ConfigError);
}

TEST_CASE("generated keys fit their algorithm and survive a PEM round trip", "[auth]") {
  struct Case {
    Algorithm algorithm;
    Key::Kind kind;
  };
  for (auto [algorithm, kind] :
       {Case{Algorithm::rs256, Key::Kind::rsa}, Case{Algorithm::es256, Key::Kind::ec_p256},
        Case{Algorithm::es384, Key::Kind::ec_p384}}) {
    auto key = Key::generate(algorithm);
    CHECK(key.kind() == kind);
    CHECK_FALSE(key.mismatch(algorithm));
    CHECK(key.default_algorithm() == algorithm);
    auto reloaded = Key::from_private_pem(key.private_pem());
    CHECK(reloaded.public_pem() == key.public_pem());
  }
  CHECK_THROWS_AS(Key::generate(Algorithm::hs256), ConfigError);
  CHECK_THROWS_AS(Key::generate(Algorithm::rs256, 1024), ConfigError);
}

TEST_CASE("a key says why it does not fit an algorithm", "[auth]") {
  auto rsa = Key::from_public_pem(vectors::kRsaPublicPem);
  auto p256 = Key::from_public_pem(vectors::kP256PublicPem);
  CHECK_FALSE(rsa.mismatch(Algorithm::rs512));
  CHECK(rsa.mismatch(Algorithm::hs256).value().find("shared secret") != std::string::npos);
  CHECK(rsa.mismatch(Algorithm::es256));
  CHECK(p256.mismatch(Algorithm::es384).value().find("P-384") != std::string::npos);
  CHECK(p256.mismatch(Algorithm::rs256));
}
