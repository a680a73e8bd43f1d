#include "core/auth/jwt.hpp"

#include <catch2/catch.hpp>

#include "core/auth/base64url.hpp"
#include "tests/unit/auth/test_vectors.hpp"

using namespace mcpgw::auth;

TEST_CASE("a compact JWT splits into header, payload, signature and signing input", "[auth]") {
  auto parts = split_jwt("aaa.bbb.ccc");
  REQUIRE(parts);
  CHECK(parts->header == "aaa");
  CHECK(parts->payload == "bbb");
  CHECK(parts->signature == "ccc");
  CHECK(parts->signing_input == "aaa.bbb");
  CHECK(split_jwt("aaa.bbb.")->signature.empty());
  CHECK_FALSE(split_jwt("aaa.bbb"));
  CHECK_FALSE(split_jwt("aaa.bbb.ccc.ddd"));
  CHECK_FALSE(split_jwt(".bbb.ccc"));
}

TEST_CASE("decode_unverified shows header and payload of any well-formed token", "[auth]") {
  auto decoded = decode_unverified(vectors::kRs256Token);
  REQUIRE(decoded.ok());
  CHECK(decoded.header == Json{{"alg", "RS256"}, {"typ", "JWT"}});
  CHECK(decoded.payload == Json::parse(vectors::kClaims));
  CHECK(decoded.signature.size() == 256);
}

TEST_CASE("decode_unverified names what is wrong with a bad token", "[auth]") {
  CHECK(decode_unverified("nodots").failure.reason == Reason::malformed);
  CHECK(decode_unverified("e30.e30.!").failure.reason == Reason::bad_encoding);
  auto not_object = decode_unverified(base64url_encode("[]") + ".e30.");
  CHECK(not_object.failure.reason == Reason::bad_json);
  CHECK(not_object.failure.message == "the header is not a JSON object");
  auto bad_payload = decode_unverified("e30." + base64url_encode("{\"a\":") + ".");
  CHECK(bad_payload.failure.reason == Reason::bad_json);
  CHECK(bad_payload.failure.message.find("payload") != std::string::npos);
  CHECK(decode_unverified(std::string(9000, 'a')).failure.reason == Reason::too_large);
}

TEST_CASE("repeated member names are refused at any depth", "[auth]") {
  Json out;
  auto failure = decode_json_part(base64url_encode(R"({"a":{"b":1,"b":2}})"), "payload", out);
  REQUIRE(failure);
  CHECK(failure->reason == Reason::bad_json);
  CHECK(failure->message == "the payload repeats the member \"b\"");
  // The same name in sibling objects is fine.
  CHECK_FALSE(decode_json_part(base64url_encode(R"({"a":{"b":1},"c":{"b":2}})"), "payload", out));
  CHECK(out["c"]["b"] == 2);
}

TEST_CASE("the signing input is compact JSON in base64url", "[auth]") {
  CHECK(make_signing_input({{"alg", "HS256"}}, {{"sub", "a"}}) ==
        base64url_encode(R"({"alg":"HS256"})") + "." + base64url_encode(R"({"sub":"a"})"));
}
