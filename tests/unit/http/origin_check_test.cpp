#include "core/http/origin_check.hpp"

#include <catch2/catch.hpp>

using mcpgw::http::host_of;
using mcpgw::http::OriginCheck;

TEST_CASE("a loopback bind accepts only loopback Host names", "[http][origin]") {
  OriginCheck check("127.0.0.1", {});
  CHECK(check.check("localhost:8000", "") == "");
  CHECK(check.check("127.0.0.1:8000", "") == "");
  CHECK(check.check("127.1.2.3", "") == "");
  CHECK(check.check("[::1]:8000", "") == "");
  CHECK(check.check("LOCALHOST", "") == "");
  CHECK_THAT(check.check("evil.example:8000", ""), Catch::Contains("evil.example"));
  CHECK(check.check("127.0.0.1.nip.io", "") != "");
  CHECK(check.check("localhost.evil.example", "") != "");
}

TEST_CASE("every loopback spelling of the bind address counts as a loopback bind",
          "[http][origin]") {
  auto bind = GENERATE(as<std::string>{}, "127.0.0.1", "localhost", "::1", "[::1]");
  CAPTURE(bind);
  CHECK(OriginCheck(bind, {}).check("rebound.example", "") != "");
}

TEST_CASE("a Host listed as allowed passes a loopback bind", "[http][origin]") {
  OriginCheck check("127.0.0.1", {}, {"gw.internal:9000"});
  CHECK(check.check("gw.internal:9000", "") == "");
  CHECK(check.check("gw.internal", "http://gw.internal") == "");
}

TEST_CASE("loopback origins pass and foreign origins are refused", "[http][origin]") {
  OriginCheck check("127.0.0.1", {});
  CHECK(check.check("localhost:8000", "http://localhost:3000") == "");
  CHECK(check.check("localhost:8000", "http://127.0.0.1:3000") == "");
  CHECK(check.check("localhost:8000", "http://[::1]:3000") == "");
  CHECK(check.check("localhost:8000", "HTTP://LOCALHOST") == "");
  CHECK_THAT(check.check("localhost:8000", "https://evil.example"),
             Catch::Contains("evil.example"));
  CHECK(check.check("localhost:8000", "http://localhost.evil.example") != "");
}

TEST_CASE("allowed CORS origins pass, and \"*\" allows any", "[http][origin]") {
  OriginCheck listed("127.0.0.1", {"https://app.example"});
  CHECK(listed.check("localhost", "https://app.example") == "");
  CHECK(listed.check("localhost", "https://other.example") != "");
  CHECK(listed.origin_allowed("https://app.example"));
  CHECK_FALSE(listed.origin_allowed("https://other.example"));

  OriginCheck any("127.0.0.1", {"*"});
  CHECK(any.check("localhost", "https://anything.example") == "");
  CHECK(any.origin_allowed("https://anything.example"));
}

TEST_CASE("same-origin requests pass only on a non-loopback bind", "[http][origin]") {
  OriginCheck public_bind("0.0.0.0", {});
  CHECK(public_bind.check("gw.example:8000", "http://gw.example:8000") == "");
  CHECK(public_bind.check("gw.example:8000", "http://other.example") != "");
  // DNS rebinding: a page on a name that now resolves to 127.0.0.1 is same-origin with itself.
  OriginCheck loopback_bind("127.0.0.1", {});
  CHECK(loopback_bind.check("rebound.example:8000", "http://rebound.example:8000") != "");
}

TEST_CASE("a malformed or null Origin is refused", "[http][origin]") {
  OriginCheck check("0.0.0.0", {});
  CHECK_THAT(check.check("gw.example", "gw.example"), Catch::Contains("malformed"));
  CHECK_THAT(check.check("gw.example", "null"), Catch::Contains("null"));
  CHECK(check.check("gw.example", "") == "");
}

TEST_CASE("host_of drops the port and lower-cases, keeping IPv6 brackets", "[http][origin]") {
  CHECK(host_of("Example.COM:8080") == "example.com");
  CHECK(host_of("example.com") == "example.com");
  CHECK(host_of("[::1]:8080") == "[::1]");
  CHECK(host_of("[2001:DB8::1]") == "[2001:db8::1]");
  CHECK(host_of("[::1") == "[::1");
  CHECK(host_of("") == "");
}
