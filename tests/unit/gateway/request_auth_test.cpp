#include <catch2/catch.hpp>

#include "core/auth/signer.hpp"
#include "core/gateway/request_auth.hpp"

using namespace mcpgw;
using namespace mcpgw::gateway;

namespace {
const std::string kSecret = "0123456789abcdef0123456789abcdef";

RequestAuth make(RequestAuthOptions options = {}) {
  auth::VerifierConfig config;
  config.key = auth::HmacSecret{kSecret};
  config.algorithms = {auth::Algorithm::hs256};
  return RequestAuth(std::move(config), std::move(options));
}

std::string token(std::string audience = "mcpgateway-api") {
  auth::Signer signer(auth::Algorithm::hs256, auth::HmacSecret{kSecret});
  auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  return signer.sign({{"sub", "u"}, {"iss", "mcpgateway"}, {"aud", audience}, {"exp", now + 600}, {"jti", "j1"}});
}
}  // namespace

TEST_CASE("bearer tokens are verified; everything else is refused with a reason", "[gateway]") {
  auto guard = make();
  CHECK(guard.check("Bearer " + token(), false).empty());
  CHECK(guard.check("bearer " + token(), true).empty());
  CHECK(guard.check("", false).find("Not authenticated") != std::string::npos);
  CHECK(guard.check("Bearer " + token("other"), false).find("Invalid token") != std::string::npos);
  CHECK(guard.check("Token abc", false).find("Unsupported") != std::string::npos);
}

TEST_CASE("basic auth works on the admin API only when allowed", "[gateway]") {
  // "admin:pw" in base64
  const std::string basic = "Basic YWRtaW46cHc=";
  CHECK_FALSE(make().check(basic, true).empty());
  auto allowed = make({true, "admin", "pw", true});
  CHECK(allowed.check(basic, true).empty());
  CHECK_FALSE(allowed.check(basic, false).empty());                    // not on MCP endpoints
  CHECK_FALSE(allowed.check("Basic YWRtaW46d3Jvbmc=", true).empty());  // admin:wrong
}

TEST_CASE("with auth off every request passes", "[gateway]") {
  RequestAuthOptions off;
  off.required = false;
  auto open = make(off);
  CHECK(open.check("", false).empty());
}

TEST_CASE("a remembered token still has to be the same token", "[gateway]") {
  auto guard = make();
  std::string good = token();
  CHECK(guard.check("Bearer " + good, false).empty());
  CHECK(guard.check("Bearer " + good, false).empty());  // from the cache
  std::string tampered = good;
  tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
  CHECK_FALSE(guard.check("Bearer " + tampered, false).empty());
}

TEST_CASE("a revoked jti is refused, even when the token was remembered", "[gateway]") {
  auto guard = make();
  std::string good = token();  // jti j1
  REQUIRE(guard.check("Bearer " + good, false).empty());
  guard.revoke("j1");
  CHECK(guard.check("Bearer " + good, false).find("revoked") != std::string::npos);
  auto fresh = make();
  fresh.load_revoked({"j1"});
  CHECK_FALSE(fresh.check("Bearer " + good, false).empty());
}

TEST_CASE("an admin is a token with is_admin true, at the top level or in user", "[gateway]") {
  CHECK(admin_claims({{"sub", "a"}, {"is_admin", true}}));
  CHECK(admin_claims({{"sub", "a"}, {"user", {{"is_admin", true}}}}));
  CHECK_FALSE(admin_claims({{"sub", "a"}}));
  CHECK_FALSE(admin_claims({{"sub", "a"}, {"is_admin", false}, {"user", {{"is_admin", false}}}}));
  CHECK_FALSE(admin_claims({{"sub", "a"}, {"is_admin", "true"}}));  // a string is not a yes
  CHECK_FALSE(admin_claims({{"sub", "a"}, {"user", "is_admin"}}));
  CHECK_FALSE(admin_claims({{"scopes", {{"permissions", {"admin"}}}}}));
}

TEST_CASE("identify names the caller and says whether it may administer", "[gateway]") {
  auth::Signer signer(auth::Algorithm::hs256, auth::HmacSecret{kSecret});
  auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  auto claims = [&](auth::Json extra) {
    auth::Json c = {{"sub", "alice"}, {"iss", "mcpgateway"}, {"aud", "mcpgateway-api"}, {"exp", now + 600}, {"jti", "j"}};
    c.update(extra);
    return "Bearer " + signer.sign(c);
  };
  auto guard = make();
  SECTION("a plain token: subject, not an admin") {
    auto caller = guard.identify(claims(auth::Json::object()), false);
    CHECK(caller.allowed());
    CHECK(caller.subject == "alice");
    CHECK_FALSE(caller.admin);
    CHECK_FALSE(guard.identify(claims(auth::Json::object()), false).admin);  // remembered, still not
  }
  SECTION("an admin token, also when remembered") {
    std::string admin = claims({{"user", {{"is_admin", true}}}, {"sub", "root"}});
    CHECK(guard.identify(admin, true).admin);
    auto again = guard.identify(admin, true);
    CHECK(again.admin);
    CHECK(again.subject == "root");
  }
  SECTION("a refused token is neither") {
    auto caller = guard.identify("Bearer nope", false);
    CHECK_FALSE(caller.allowed());
    CHECK_FALSE(caller.admin);
  }
  SECTION("the basic-auth user is an admin on the API") {
    auto allowed = make({true, "admin", "pw", true});
    auto caller = allowed.identify("Basic YWRtaW46cHc=", true);
    CHECK(caller.allowed());
    CHECK(caller.admin);
    CHECK(caller.subject == "admin");
  }
  SECTION("with auth off everyone is an admin with no subject") {
    RequestAuthOptions off;
    off.required = false;
    auto caller = make(off).identify("", false);
    CHECK(caller.allowed());
    CHECK(caller.admin);
    CHECK(caller.subject.empty());
  }
}
