#include <catch2/catch.hpp>

#include "core/gateway/api_json.hpp"

using namespace mcpgw::gateway;
using mcpgw::store::Gateway;

namespace {
InputError apply(const json& body, Gateway& g, std::optional<HeaderPairs>& auth) {
  return apply_gateway_input(body, g, auth, true);
}
}  // namespace

TEST_CASE("gateway input: transport from the URL when not given, as ContextForge does", "[gateway]") {
  std::optional<HeaderPairs> auth;
  Gateway sse, http, stdio;
  CHECK_FALSE(apply({{"name", "t"}, {"url", "http://127.0.0.1:8003/sse"}}, sse, auth));
  CHECK(sse.transport == "SSE");
  CHECK_FALSE(apply({{"name", "t"}, {"url", "https://example.com/mcp"}}, http, auth));
  CHECK(http.transport == "STREAMABLEHTTP");
  CHECK_FALSE(apply({{"name", "t"}, {"command", "npx -y server"}, {"env", {{"K", "v"}}}}, stdio, auth));
  CHECK(stdio.transport == "STDIO");
  CHECK(stdio.env["K"] == "v");
}

TEST_CASE("gateway input: credentials become headers; bad values are refused with a reason", "[gateway]") {
  std::optional<HeaderPairs> auth;
  Gateway g;
  REQUIRE_FALSE(apply({{"name", "t"}, {"url", "http://h/mcp"}, {"auth_type", "basic"}, {"auth_username", "Aladdin"},
                       {"auth_password", "open sesame"}},
                      g, auth));
  REQUIRE(auth);
  CHECK(auth->at(0) == std::pair<std::string, std::string>{"Authorization", "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="});

  auth.reset();
  Gateway h;
  REQUIRE_FALSE(apply({{"name", "t"}, {"url", "http://h/mcp"}, {"authType", "authheaders"},
                       {"authHeaders", {{{"key", "X-Key"}, {"value", "k1"}}}}},
                      h, auth));
  CHECK(auth->at(0).first == "X-Key");

  struct Bad {
    json body;
    const char* says;
  };
  for (const auto& [body, says] : std::vector<Bad>{
           {{{"url", "http://h/mcp"}}, "name"},
           {{{"name", "t"}, {"url", "file:///etc/passwd"}}, "http"},
           {{{"name", "t"}, {"url", "http://h/mcp"}, {"auth_type", "bearer"}}, "auth_token"},
           {{{"name", "t"}, {"url", "http://h/mcp"}, {"auth_type", "authheaders"}, {"auth_header_key", "Bad Name"},
             {"auth_header_value", "v"}},
            "header name"},
           {{{"name", "t"}, {"url", "http://h/mcp"}, {"auth_type", "bearer"}, {"auth_token", "a\r\nX-Injected: 1"}},
            "line break"},
           {{{"name", "t"}, {"url", "http://h/mcp"}, {"tags", 5}}, "tags"},
           {{{"name", "t"}, {"command", "x"}, {"env", {{"K", 1}}}}, "env"},
       }) {
    Gateway bad;
    std::optional<HeaderPairs> a;
    auto error = apply(body, bad, a);
    INFO(body.dump());
    REQUIRE(error);
    CHECK(error.message.find(says) != std::string::npos);
  }
}

TEST_CASE("API shapes never show credentials in clear", "[gateway]") {
  Gateway g;
  g.id = "g1";
  g.name = "n";
  g.auth_type = "bearer";
  g.auth_value_encrypted = "v1:sealed";
  json j = gateway_json(g, true, "");
  CHECK(j["authValue"] == "*****");
  CHECK(j.dump().find("sealed") == std::string::npos);
  CHECK(j["reachable"] == true);
  CHECK(gateway_json(g, false, "refused")["lastError"] == "refused");
}

namespace {
/// A stored bearer gateway, as a PUT finds it.
Gateway stored_bearer() {
  Gateway g;
  std::optional<HeaderPairs> auth;
  REQUIRE_FALSE(apply_gateway_input({{"name", "b"}, {"url", "http://h:8000/mcp"}, {"auth_type", "bearer"},
                                     {"auth_token", "s3cret"}},
                                    g, auth, true));
  return g;
}
const HeaderPairs kStoredBearer = {{"Authorization", "Bearer s3cret"}};
}  // namespace

TEST_CASE("gateway update: a masked or absent secret under the same auth type keeps the stored one", "[gateway]") {
  SECTION("the GET shape sent back with a new description") {
    Gateway g = stored_bearer();
    json round_trip = gateway_json(g, true, "");
    round_trip["description"] = "changed";
    std::optional<HeaderPairs> auth;
    REQUIRE_FALSE(apply_gateway_input(round_trip, g, auth, false, kStoredBearer));
    CHECK_FALSE(auth);  // credentials unchanged
    CHECK(g.auth_type == "bearer");
    CHECK(g.description == "changed");
  }
  SECTION("auth_token \"*****\"") {
    Gateway g = stored_bearer();
    std::optional<HeaderPairs> auth;
    REQUIRE_FALSE(apply_gateway_input({{"auth_type", "bearer"}, {"auth_token", "*****"}}, g, auth, false, kStoredBearer));
    CHECK_FALSE(auth);
  }
  SECTION("a new token replaces the stored one") {
    Gateway g = stored_bearer();
    std::optional<HeaderPairs> auth;
    REQUIRE_FALSE(apply_gateway_input({{"auth_token", "fresh"}}, g, auth, false, kStoredBearer));
    REQUIRE(auth);
    CHECK(auth->at(0).second == "Bearer fresh");
  }
  SECTION("basic: the masked password stays, also under a new user name") {
    Gateway g;
    g.url = "http://h/mcp";
    g.transport = "STREAMABLEHTTP";
    g.auth_type = "basic";
    const HeaderPairs stored = {{"Authorization", "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="}};  // Aladdin:open sesame
    std::optional<HeaderPairs> auth;
    REQUIRE_FALSE(apply_gateway_input({{"auth_type", "basic"}, {"auth_username", "Aladdin"}, {"auth_password", "*****"}},
                                      g, auth, false, stored));
    CHECK_FALSE(auth);
    REQUIRE_FALSE(apply_gateway_input({{"auth_username", "Jasmine"}, {"auth_password", "*****"}}, g, auth, false, stored));
    REQUIRE(auth);
    CHECK(auth->at(0).second == "Basic SmFzbWluZTpvcGVuIHNlc2FtZQ==");  // Jasmine:open sesame
  }
  SECTION("auth headers: a masked value is taken from the stored header of that name") {
    Gateway g;
    g.url = "http://h/mcp";
    g.transport = "STREAMABLEHTTP";
    g.auth_type = "authheaders";
    const HeaderPairs stored = {{"X-Key", "k1"}, {"X-Other", "o1"}};
    std::optional<HeaderPairs> auth;
    REQUIRE_FALSE(apply_gateway_input(
        {{"auth_headers", {{{"key", "x-key"}, {"value", "*****"}}, {{"key", "X-New"}, {"value", "n1"}}}}}, g, auth,
        false, stored));
    REQUIRE(auth);
    CHECK(*auth == HeaderPairs{{"x-key", "k1"}, {"X-New", "n1"}});
  }
  SECTION("env: a masked value keeps the stored one") {
    Gateway g;
    g.command = "server";
    g.transport = "STDIO";
    g.env = {{"API_KEY", "k"}};
    std::optional<HeaderPairs> auth;
    REQUIRE_FALSE(apply_gateway_input({{"env", {{"API_KEY", "*****"}, {"MODE", "x"}}}}, g, auth, false));
    CHECK(g.env == json{{"API_KEY", "k"}, {"MODE", "x"}});
  }
}

TEST_CASE("gateway input: a mask never becomes a credential", "[gateway]") {
  std::optional<HeaderPairs> auth;
  SECTION("creating") {
    Gateway g;
    auto e = apply({{"name", "t"}, {"url", "http://h/mcp"}, {"auth_type", "bearer"}, {"auth_token", "*****"}}, g, auth);
    REQUIRE(e);
    CHECK(e.message.find("masked") != std::string::npos);
    Gateway h;
    CHECK(apply({{"name", "t"}, {"command", "x"}, {"env", {{"K", "*****"}}}}, h, auth));
  }
  SECTION("a new auth type") {
    Gateway g = stored_bearer();
    CHECK(apply_gateway_input({{"auth_type", "authheaders"}, {"auth_header_key", "Authorization"},
                               {"auth_header_value", "*****"}},
                              g, auth, false, kStoredBearer));
    CHECK_FALSE(auth);
  }
}

TEST_CASE("gateway update: stored credentials do not follow a new origin", "[gateway]") {
  std::optional<HeaderPairs> auth;
  SECTION("a new host drops them") {
    Gateway g = stored_bearer();
    REQUIRE_FALSE(apply_gateway_input({{"url", "http://other:8000/mcp"}}, g, auth, false, kStoredBearer));
    REQUIRE(auth);
    CHECK(auth->empty());
    CHECK(g.auth_type.empty());
  }
  SECTION("so do a new port and a new scheme") {
    for (const char* url : {"http://h:8001/mcp", "https://h:8000/mcp"}) {
      Gateway g = stored_bearer();
      std::optional<HeaderPairs> a;
      REQUIRE_FALSE(apply_gateway_input({{"url", url}}, g, a, false, kStoredBearer));
      REQUIRE(a);
      CHECK(a->empty());
    }
  }
  SECTION("a mask cannot carry them over") {
    Gateway g = stored_bearer();
    auto e = apply_gateway_input({{"url", "http://other:8000/mcp"}, {"auth_type", "bearer"}, {"auth_token", "*****"}}, g,
                                 auth, false, kStoredBearer);
    REQUIRE(e);
    CHECK(e.message.find("origin") != std::string::npos);
  }
  SECTION("sent again, they go to the new host") {
    Gateway g = stored_bearer();
    REQUIRE_FALSE(apply_gateway_input({{"url", "http://other:8000/mcp"}, {"auth_token", "other-secret"}}, g, auth,
                                      false, kStoredBearer));
    REQUIRE(auth);
    CHECK(auth->at(0).second == "Bearer other-secret");
  }
  SECTION("a new path on the same origin keeps them") {
    Gateway g = stored_bearer();
    REQUIRE_FALSE(apply_gateway_input({{"url", "http://H:8000/v2/mcp"}}, g, auth, false, kStoredBearer));
    CHECK_FALSE(auth);
    CHECK(g.auth_type == "bearer");
  }
}

TEST_CASE("gateway input: env may not steer the child's loader or interpreter", "[gateway]") {
  for (const char* name : {"LD_PRELOAD", "LD_LIBRARY_PATH", "LD_AUDIT", "DYLD_INSERT_LIBRARIES", "NODE_OPTIONS",
                           "PYTHONPATH", "PATH", "BASH_ENV"}) {
    Gateway g;
    std::optional<HeaderPairs> auth;
    auto e = apply({{"name", "t"}, {"command", "x"}, {"env", {{name, "/tmp/evil.so"}}}}, g, auth);
    INFO(name);
    REQUIRE(e);
    CHECK(e.message.find(name) != std::string::npos);
  }
  Gateway fine;
  std::optional<HeaderPairs> auth;
  CHECK_FALSE(apply({{"name", "t"}, {"command", "x"}, {"env", {{"API_KEY", "k"}, {"LOADER", "x"}}}}, fine, auth));
}
