#include "core/auth/claims.hpp"

#include <catch2/catch.hpp>

#include "core/error.hpp"

using namespace mcpgw::auth;
using mcpgw::ConfigError;

namespace {

const auto kNow = std::chrono::system_clock::time_point(std::chrono::seconds(1700000000));

ClaimsSpec spec_for(std::string subject) {
  ClaimsSpec spec;
  spec.subject = std::move(subject);
  return spec;
}

}  // namespace

TEST_CASE("a simple token has ContextForge's claim set", "[auth][claims]") {
  auto claims = build_claims(spec_for("admin@example.com"), kNow, "id-1");
  CHECK(claims == Json{{"sub", "admin@example.com"},
                       {"username", "admin@example.com"},
                       {"iss", "mcpgateway"},
                       {"aud", "mcpgateway-api"},
                       {"iat", 1700000000},
                       {"exp", 1700000000 + 10080 * 60},
                       {"jti", "id-1"}});
}

TEST_CASE("expiry zero leaves exp out; negative is an error", "[auth][claims]") {
  auto spec = spec_for("a");
  spec.expires_in = std::chrono::minutes(0);
  CHECK_FALSE(build_claims(spec, kNow, "j").contains("exp"));
  spec.expires_in = std::chrono::minutes(-1);
  CHECK_THROWS_AS(build_claims(spec, kNow, "j"), ConfigError);
}

TEST_CASE("a rich token carries user, teams, scopes and is_admin", "[auth][claims]") {
  auto spec = spec_for("alice@example.com");
  spec.full_name = "Alice A.";
  spec.is_admin = true;
  spec.teams = std::vector<std::string>{"team-a", "team-b"};
  auto claims = build_claims(spec, kNow, "j");
  CHECK(claims["user"] == Json{{"email", "alice@example.com"},
                               {"full_name", "Alice A."},
                               {"is_admin", true},
                               {"auth_provider", "cli"}});
  CHECK(claims["is_admin"] == true);
  CHECK(claims["teams"] == Json{"team-a", "team-b"});
  CHECK(claims["scopes"] == Json{{"server_id", nullptr},
                                 {"permissions", Json::array()},
                                 {"ip_restrictions", Json::array()},
                                 {"time_restrictions", Json::object()}});
  SECTION("a plain token has none of them") {
    auto plain = build_claims(spec_for("a"), kNow, "j");
    for (auto name : {"user", "teams", "scopes", "is_admin"}) CHECK_FALSE(plain.contains(name));
  }
}

TEST_CASE("extra claims are kept; the spec's own claims win", "[auth][claims]") {
  auto spec = spec_for("a@example.com");
  spec.extra = {{"role", "ops"}, {"iss", "spoofed"}, {"sub", "a@example.com"}};
  std::vector<std::string> replaced;
  auto claims = build_claims(spec, kNow, "j", &replaced);
  CHECK(claims["role"] == "ops");
  CHECK(claims["iss"] == "mcpgateway");
  CHECK(replaced == std::vector<std::string>{"iss"});
}

TEST_CASE("the subject may come from --data, as in ContextForge", "[auth][claims]") {
  ClaimsSpec spec;
  spec.extra = {{"username", "bob"}};
  CHECK(build_claims(spec, kNow, "j")["sub"] == "bob");
  spec.extra = {{"sub", "carol"}, {"username", "bob"}};
  CHECK(build_claims(spec, kNow, "j")["sub"] == "carol");
  spec.extra = {{"role", "x"}};
  CHECK_THROWS_WITH(build_claims(spec, kNow, "j"), Catch::Contains("--username"));
}

TEST_CASE("--data takes a JSON object or key=value pairs", "[auth][claims]") {
  CHECK(parse_claim_data(R"({"role":"admin","id":123})") == Json{{"role", "admin"}, {"id", 123}});
  CHECK(parse_claim_data("name=bob, role=user") == Json{{"name", "bob"}, {"role", "user"}});
  CHECK(parse_claim_data("url=a=b") == Json{{"url", "a=b"}});
  CHECK_THROWS_AS(parse_claim_data("invalid_format"), ConfigError);
  CHECK_THROWS_AS(parse_claim_data("=x"), ConfigError);
  CHECK_THROWS_AS(parse_claim_data("[1,2]"), ConfigError);
  CHECK_THROWS_AS(parse_claim_data("{broken"), ConfigError);
  CHECK_THROWS_AS(parse_claim_data(" , "), ConfigError);
}

TEST_CASE("--scopes takes an object or a list of permissions", "[auth][claims]") {
  CHECK(parse_scopes(R"({"server_id":"s1"})") == Json{{"server_id", "s1"}});
  auto scopes = parse_scopes(R"(["tools.read","resources.read"])");
  CHECK(scopes["permissions"] == Json{"tools.read", "resources.read"});
  CHECK(scopes["server_id"].is_null());
  CHECK_THROWS_AS(parse_scopes("tools.read"), ConfigError);
  CHECK_THROWS_AS(parse_scopes("[1]"), ConfigError);
}

TEST_CASE("issuer and audience cannot be empty when minting", "[auth][claims]") {
  auto spec = spec_for("a");
  spec.issuer = "";
  CHECK_THROWS_AS(build_claims(spec, kNow, "j"), ConfigError);
  spec = spec_for("a");
  spec.audience = "";
  CHECK_THROWS_AS(build_claims(spec, kNow, "j"), ConfigError);
}
