#include "core/auth/verifier.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <thread>

#include "core/auth/base64url.hpp"
#include "core/auth/signer.hpp"
#include "core/error.hpp"
#include "tests/unit/auth/test_vectors.hpp"

using namespace mcpgw::auth;
using mcpgw::ConfigError;

namespace {

using vectors::claims;
using vectors::secret;

// A verifier for the test vectors, its clock a minute after they were issued.
VerifierConfig config_for(KeyMaterial key, std::int64_t now = vectors::kClaimsIat + 60) {
  VerifierConfig config;
  config.key = std::move(key);
  config.clock = [now] { return std::chrono::system_clock::time_point(std::chrono::seconds(now)); };
  return config;
}

Verifier hs_verifier(std::int64_t now = vectors::kClaimsIat + 60) {
  return Verifier(config_for(secret(), now));
}

// header.payload from raw JSON texts, signed with the test secret (HS256).
std::string signed_raw(std::string_view header, std::string_view payload) {
  std::string input = base64url_encode(header) + "." + base64url_encode(payload);
  return input + "." + Signer(Algorithm::hs256, secret()).sign_input(input);
}

std::string hs256(const Json& c, const Json& extra_header = Json::object()) {
  return Signer(Algorithm::hs256, secret()).sign(c, extra_header);
}

std::string replace_part(std::string_view token, int index, std::string_view part) {
  auto parts = split_jwt(token);
  std::string_view list[] = {parts->header, parts->payload, parts->signature};
  list[index] = part;
  return std::string(list[0]) + "." + std::string(list[1]) + "." + std::string(list[2]);
}

Reason reason_of(const Verifier& verifier, std::string_view token) {
  return verifier.verify(token).reason;
}

}  // namespace

TEST_CASE("the known token of every algorithm verifies", "[auth][verifier]") {
  auto rsa = Key::from_public_pem(vectors::kRsaPublicPem);
  struct Case {
    std::string_view token;
    KeyMaterial key;
  };
  for (const auto& c : {Case{vectors::kHs256Token, secret()}, Case{vectors::kHs384Token, secret()},
                        Case{vectors::kHs512Token, secret()}, Case{vectors::kRs256Token, rsa},
                        Case{vectors::kRs384Token, rsa}, Case{vectors::kRs512Token, rsa},
                        Case{vectors::kEs256Token, Key::from_public_pem(vectors::kP256PublicPem)},
                        Case{vectors::kEs384Token, Key::from_public_pem(vectors::kP384PublicPem)}}) {
    auto result = Verifier(config_for(c.key)).verify(c.token);
    INFO(c.token << ": " << result.message);
    CHECK(result.ok());
    CHECK(result.claims == claims());
  }
}

TEST_CASE("tokens minted by the signer verify for every algorithm", "[auth][verifier]") {
  auto rsa = Key::from_private_pem(vectors::kRsaPrivatePem);
  auto p256 = Key::from_private_pem(vectors::kP256PrivatePem);
  auto p384 = Key::from_private_pem(vectors::kP384PrivatePem);
  for (auto algorithm : all_algorithms()) {
    KeyMaterial key = secret();
    if (family_of(algorithm) == AlgorithmFamily::rsa) key = rsa;
    if (algorithm == Algorithm::es256) key = p256;
    if (algorithm == Algorithm::es384) key = p384;
    auto result = Verifier(config_for(key)).verify(Signer(algorithm, key).sign(claims()));
    INFO(algorithm_name(algorithm) << ": " << result.message);
    CHECK(result.ok());
    CHECK(result.header["alg"] == algorithm_name(algorithm));
  }
}

TEST_CASE("alg none is rejected however it is spelled", "[auth][verifier]") {
  std::string payload = base64url_encode(vectors::kClaims);
  for (auto header : {R"({"alg":"none","typ":"JWT"})", R"({"alg":"None"})", R"({"alg":"NONE"})"}) {
    auto unsigned_token = base64url_encode(header) + "." + payload + ".";
    auto result = hs_verifier().verify(unsigned_token);
    CHECK(result.reason == Reason::algorithm_rejected);
    CHECK(result.message.find("none") != std::string::npos);
    // A signature does not make "none" acceptable either.
    CHECK(reason_of(hs_verifier(), signed_raw(header, vectors::kClaims)) ==
          Reason::algorithm_rejected);
  }
}

TEST_CASE("algorithm confusion: an HS token is never checked against an RSA key",
          "[auth][verifier]") {
  // The classic attack signs HS256 with the server's public key text as the HMAC secret.
  auto forged =
      Signer(Algorithm::hs256, HmacSecret{std::string(vectors::kRsaPublicPem)}).sign(claims());
  Verifier verifier(config_for(Key::from_public_pem(vectors::kRsaPublicPem)));
  auto result = verifier.verify(forged);
  CHECK(result.reason == Reason::algorithm_rejected);
  CHECK(result.message.find("RS256") != std::string::npos);

  SECTION("and a verifier cannot be configured to allow it") {
    auto config = config_for(Key::from_public_pem(vectors::kRsaPublicPem));
    config.algorithms = {Algorithm::rs256, Algorithm::hs256};
    CHECK_THROWS_AS(Verifier(config), ConfigError);
  }
  SECTION("nor an RS token against a secret") {
    auto config = config_for(secret());
    config.algorithms = {Algorithm::rs256};
    CHECK_THROWS_AS(Verifier(config), ConfigError);
  }
}

TEST_CASE("algorithms outside the allow-list or unknown are rejected", "[auth][verifier]") {
  auto config = config_for(secret());
  config.algorithms = {Algorithm::hs512};
  Verifier hs512_only(config);
  CHECK(reason_of(hs512_only, vectors::kHs256Token) == Reason::algorithm_rejected);
  CHECK(reason_of(hs512_only, vectors::kHs512Token) == Reason::ok);
  CHECK(reason_of(hs_verifier(), signed_raw(R"({"alg":"HS1024"})", vectors::kClaims)) ==
        Reason::algorithm_rejected);
  CHECK(reason_of(hs_verifier(), signed_raw(R"({"alg":"hs256"})", vectors::kClaims)) ==
        Reason::algorithm_rejected);
  CHECK(reason_of(hs_verifier(), signed_raw(R"({"typ":"JWT"})", vectors::kClaims)) ==
        Reason::bad_header);
  CHECK(reason_of(hs_verifier(), signed_raw(R"({"alg":256})", vectors::kClaims)) ==
        Reason::bad_header);
}

TEST_CASE("typ may be absent or JWT, nothing else", "[auth][verifier]") {
  CHECK(reason_of(hs_verifier(), signed_raw(R"({"alg":"HS256"})", vectors::kClaims)) == Reason::ok);
  CHECK(reason_of(hs_verifier(), signed_raw(R"({"alg":"HS256","typ":"jwt"})", vectors::kClaims)) ==
        Reason::ok);
  auto result = hs_verifier().verify(hs256(claims(), {{"typ", "at+jwt"}}));
  CHECK(result.reason == Reason::bad_header);
  CHECK(result.message.find("at+jwt") != std::string::npos);
  CHECK(reason_of(hs_verifier(), hs256(claims(), {{"typ", 1}})) == Reason::bad_header);
}

TEST_CASE("critical header extensions are refused", "[auth][verifier]") {
  CHECK(reason_of(hs_verifier(), hs256(claims(), {{"crit", {"exp"}}, {"exp", 1}})) ==
        Reason::bad_header);
}

TEST_CASE("tampering with any part breaks the signature", "[auth][verifier]") {
  std::string token(vectors::kHs256Token);
  SECTION("the header") {
    auto header = base64url_encode(R"({"alg":"HS256","typ":"JWT","kid":"x"})");
    CHECK(reason_of(hs_verifier(), replace_part(token, 0, header)) == Reason::bad_signature);
  }
  SECTION("the payload") {
    auto forged = claims();
    forged["sub"] = "root@example.com";
    CHECK(reason_of(hs_verifier(), replace_part(token, 1, base64url_encode(forged.dump()))) ==
          Reason::bad_signature);
  }
  SECTION("the signature") {
    auto sig = std::string(split_jwt(token)->signature);
    sig[0] = sig[0] == 'A' ? 'B' : 'A';
    CHECK(reason_of(hs_verifier(), replace_part(token, 2, sig)) == Reason::bad_signature);
    CHECK(reason_of(hs_verifier(), replace_part(token, 2, sig.substr(0, 40))) ==
          Reason::bad_signature);
    CHECK(reason_of(hs_verifier(), replace_part(token, 2, "")) == Reason::bad_signature);
  }
  SECTION("another secret") {
    auto other =
        Signer(Algorithm::hs256, HmacSecret{"another secret of enough length.."}).sign(claims());
    CHECK(reason_of(hs_verifier(), other) == Reason::bad_signature);
  }
  SECTION("an ES256 signature of the wrong width") {
    Verifier es(config_for(Key::from_public_pem(vectors::kP256PublicPem)));
    auto sig = *base64url_decode(split_jwt(vectors::kEs256Token)->signature);
    CHECK(reason_of(es, replace_part(vectors::kEs256Token, 2, base64url_encode(sig + '\0'))) ==
          Reason::bad_signature);
    CHECK(reason_of(es, replace_part(vectors::kEs256Token, 2, base64url_encode(sig.substr(1)))) ==
          Reason::bad_signature);
  }
}

TEST_CASE("text that is not a compact JWT is malformed", "[auth][verifier]") {
  for (std::string_view text : {"", "abc", "a.b", "a.b.c.d", ".b.c", "a..c", ".."}) {
    INFO(text);
    CHECK(reason_of(hs_verifier(), text) == Reason::malformed);
  }
  CHECK(reason_of(hs_verifier(), vectors::kHs256Token.substr(1)) != Reason::ok);
}

TEST_CASE("broken base64url in any part is bad_encoding", "[auth][verifier]") {
  std::string token(vectors::kHs256Token);
  CHECK(reason_of(hs_verifier(), replace_part(token, 0, "eyJ$bGciOiJIUzI1NiJ9")) ==
        Reason::bad_encoding);
  CHECK(reason_of(hs_verifier(), replace_part(token, 2, "abc=")) == Reason::bad_encoding);
  // A payload that is not base64url, correctly signed: caught after the signature.
  std::string input = base64url_encode(R"({"alg":"HS256"})") + ".e30=";
  std::string bad_payload = input + "." + Signer(Algorithm::hs256, secret()).sign_input(input);
  CHECK(reason_of(hs_verifier(), bad_payload) == Reason::bad_encoding);
}

TEST_CASE("a header or payload that is not one JSON object is bad_json", "[auth][verifier]") {
  CHECK(reason_of(hs_verifier(), signed_raw(R"({"alg":"HS256")", vectors::kClaims)) ==
        Reason::bad_json);
  CHECK(reason_of(hs_verifier(), signed_raw(R"({"alg":"HS256"})", "[1,2]")) == Reason::bad_json);
  CHECK(reason_of(hs_verifier(), signed_raw(R"({"alg":"HS256"})", "{\"sub\":")) ==
        Reason::bad_json);
  SECTION("repeated member names") {
    auto result =
        hs_verifier().verify(signed_raw(R"({"alg":"none","alg":"HS256"})", vectors::kClaims));
    CHECK(result.reason == Reason::bad_json);
    CHECK(result.message.find("\"alg\"") != std::string::npos);
    std::string twice_sub = R"({"sub":"a","sub":"admin@example.com"})";
    CHECK(reason_of(hs_verifier(), signed_raw(R"({"alg":"HS256"})", twice_sub)) ==
          Reason::bad_json);
  }
}

TEST_CASE("tokens over the size limit are refused before parsing", "[auth][verifier]") {
  auto big = claims();
  big["padding"] = std::string(9000, 'x');
  auto result = hs_verifier().verify(hs256(big));
  CHECK(result.reason == Reason::too_large);
  CHECK(result.message.find("8192") != std::string::npos);
  CHECK(reason_of(hs_verifier(), std::string(8193, 'a')) == Reason::too_large);
  auto config = config_for(secret());
  config.max_token_bytes = 100;
  CHECK(reason_of(Verifier(config), vectors::kHs256Token) == Reason::too_large);
}

TEST_CASE("each required claim must be present", "[auth][verifier]") {
  for (auto name : {"exp", "jti", "sub", "iss", "aud"}) {
    auto c = claims();
    c.erase(name);
    auto result = hs_verifier().verify(hs256(c));
    INFO(name);
    CHECK(result.reason == Reason::missing_claim);
    CHECK(result.message.find(std::string("\"") + name + "\"") != std::string::npos);
  }
  SECTION("unless the configuration waives them") {
    auto c = claims();
    c.erase("exp");
    c.erase("jti");
    auto config = config_for(secret());
    config.require_exp = false;
    config.require_jti = false;
    CHECK(reason_of(Verifier(config), hs256(c)) == Reason::ok);
  }
  SECTION("extra required claims") {
    auto config = config_for(secret());
    config.required_claims = {"sub", "teams"};
    CHECK(reason_of(Verifier(config), vectors::kHs256Token) == Reason::missing_claim);
  }
}

TEST_CASE("registered claims of the wrong type are bad_claim", "[auth][verifier]") {
  for (auto [name, value] : {std::pair<const char*, Json>{"exp", "1700604800"},
                             {"nbf", true},
                             {"iat", Json::array()},
                             {"jti", 7},
                             {"jti", ""},
                             {"aud", 5},
                             {"aud", Json{"mcpgateway-api", 5}}}) {
    auto c = claims();
    c[name] = value;
    INFO(name << " = " << value.dump());
    CHECK(reason_of(hs_verifier(), hs256(c)) == Reason::bad_claim);
  }
}

TEST_CASE("exp and nbf are checked with the leeway", "[auth][verifier]") {
  const std::int64_t exp = 1700604800;  // the vectors' exp
  CHECK(reason_of(hs_verifier(exp - 1), vectors::kHs256Token) == Reason::ok);
  CHECK(reason_of(hs_verifier(exp + 29), vectors::kHs256Token) == Reason::ok);
  auto result = hs_verifier(exp + 30).verify(vectors::kHs256Token);
  CHECK(result.reason == Reason::expired);
  CHECK(result.message.find("2023-11-21T22:13:20Z") != std::string::npos);

  auto c = claims();
  c["nbf"] = vectors::kClaimsIat + 3600;
  auto early = hs256(c);
  CHECK(reason_of(hs_verifier(vectors::kClaimsIat + 3600 - 31), early) == Reason::not_yet_valid);
  CHECK(reason_of(hs_verifier(vectors::kClaimsIat + 3600 - 30), early) == Reason::ok);

  auto strict = config_for(secret(), exp);
  strict.leeway = std::chrono::seconds(0);
  CHECK(reason_of(Verifier(strict), vectors::kHs256Token) == Reason::expired);
}

TEST_CASE("issuer and audience must match the configuration", "[auth][verifier]") {
  auto c = claims();
  c["iss"] = "someone-else";
  auto result = hs_verifier().verify(hs256(c));
  CHECK(result.reason == Reason::wrong_issuer);
  CHECK(result.message.find("someone-else") != std::string::npos);

  c = claims();
  c["aud"] = "other-api";
  CHECK(reason_of(hs_verifier(), hs256(c)) == Reason::wrong_audience);
  c["aud"] = {"other-api", "mcpgateway-api"};
  CHECK(reason_of(hs_verifier(), hs256(c)) == Reason::ok);
  c["aud"] = {"other-api"};
  CHECK(reason_of(hs_verifier(), hs256(c)) == Reason::wrong_audience);

  auto config = config_for(secret());
  config.issuer = "";
  config.audience = "";
  c = claims();
  c.erase("iss");
  c["aud"] = "anything";
  CHECK(reason_of(Verifier(config), hs256(c)) == Reason::ok);
}

TEST_CASE("the revocation hook rejects revoked jtis only", "[auth][verifier]") {
  std::vector<std::string> asked;
  auto config = config_for(secret());
  config.is_revoked = [&asked](std::string_view jti) {
    asked.emplace_back(jti);
    return jti == "revoked-id";
  };
  Verifier verifier(config);
  auto c = claims();
  c["jti"] = "revoked-id";
  auto result = verifier.verify(hs256(c));
  CHECK(result.reason == Reason::revoked);
  CHECK(result.message.find("revoked-id") != std::string::npos);
  CHECK(verifier.verify(vectors::kHs256Token).ok());
  CHECK(asked == std::vector<std::string>{"revoked-id", "00000000-0000-4000-8000-000000000000"});
  // A bad signature is rejected before the hook is asked.
  CHECK(reason_of(verifier, replace_part(hs256(c), 2, "AAAA")) == Reason::bad_signature);
  CHECK(asked.size() == 2);
}

TEST_CASE("a verifier without an allow-list takes every algorithm of its key", "[auth][verifier]") {
  CHECK(hs_verifier().algorithms() ==
        std::vector<Algorithm>{Algorithm::hs256, Algorithm::hs384, Algorithm::hs512});
  CHECK(Verifier(config_for(Key::from_public_pem(vectors::kP384PublicPem))).algorithms() ==
        std::vector<Algorithm>{Algorithm::es384});
  CHECK_THROWS_AS(Verifier(config_for(HmacSecret{""})), ConfigError);
}

TEST_CASE("one verifier serves many threads at once", "[auth][verifier]") {
  Verifier rsa(config_for(Key::from_public_pem(vectors::kRsaPublicPem)));
  Verifier hs = hs_verifier();
  std::atomic<int> accepted{0};
  std::atomic<int> rejected{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        (rsa.verify(vectors::kRs256Token).ok() ? accepted : rejected)++;
        (hs.verify(vectors::kHs512Token).ok() ? accepted : rejected)++;
        (hs.verify(vectors::kRs256Token).ok() ? accepted : rejected)++;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(accepted == 1600);
  CHECK(rejected == 800);
}

TEST_CASE("exp and nbf past any representable time are refused with their number, never converted", "[auth][verifier]") {
  auto c = claims();
  c["nbf"] = 1e50;  // found by fuzzing: its conversion to time_t was undefined behaviour
  auto result = hs_verifier().verify(hs256(c));
  CHECK(result.reason == Reason::not_yet_valid);
  CHECK(result.message.find("1e+50 s after 1970") != std::string::npos);
  c = claims();
  c["exp"] = -1e300;
  result = hs_verifier().verify(hs256(c));
  CHECK(result.reason == Reason::expired);
  CHECK(result.message.find("-1e+300 s after 1970") != std::string::npos);
}
