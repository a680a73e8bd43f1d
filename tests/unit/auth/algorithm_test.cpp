#include "core/auth/algorithm.hpp"

#include <catch2/catch.hpp>

#include "core/auth/signature.hpp"
#include "tests/unit/auth/test_vectors.hpp"

using namespace mcpgw::auth;

TEST_CASE("algorithm names parse exactly and round-trip", "[auth]") {
  for (auto algorithm : all_algorithms()) {
    CHECK(parse_algorithm(algorithm_name(algorithm)) == algorithm);
  }
  CHECK(all_algorithms().size() == 8);
  CHECK_FALSE(parse_algorithm("none"));
  CHECK_FALSE(parse_algorithm("hs256"));
  CHECK_FALSE(parse_algorithm("PS256"));
  CHECK(algorithm_names({Algorithm::hs256, Algorithm::es384}) == "HS256, ES384");
}

TEST_CASE("each kind of key serves its own algorithms only", "[auth]") {
  using V = std::vector<Algorithm>;
  CHECK(algorithms_for(HmacSecret{"k"}) == V{Algorithm::hs256, Algorithm::hs384, Algorithm::hs512});
  CHECK(algorithms_for(Key::from_public_pem(vectors::kRsaPublicPem)) ==
        V{Algorithm::rs256, Algorithm::rs384, Algorithm::rs512});
  CHECK(algorithms_for(Key::from_public_pem(vectors::kP256PublicPem)) == V{Algorithm::es256});
  CHECK(algorithms_for(HmacSecret{""}).empty());
  CHECK(key_mismatch(Algorithm::rs256, HmacSecret{"k"}).value().find("key file") !=
        std::string::npos);
}
