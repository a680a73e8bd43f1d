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
