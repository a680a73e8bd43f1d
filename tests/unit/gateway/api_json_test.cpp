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
