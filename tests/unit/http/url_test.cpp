#include "core/http/url.hpp"

#include <catch2/catch.hpp>

using namespace mcpgw::http;

namespace {

std::string completed(const char* text) {
  auto url = parse_url(text);
  REQUIRE(url);
  complete_gateway_server_path(*url);
  return url->to_string();
}

}  // namespace

TEST_CASE("a ContextForge virtual server URL gets its /mcp endpoint", "[url]") {
  CHECK(completed("http://localhost:4444/servers/0b1c2d") == "http://localhost:4444/servers/0b1c2d/mcp");
  CHECK(completed("http://localhost:4444/servers/0b1c2d/") == "http://localhost:4444/servers/0b1c2d/mcp");
  CHECK(completed("https://gw.example.com/api/servers/abc?x=1") == "https://gw.example.com/api/servers/abc/mcp?x=1");
}

TEST_CASE("other URLs are left as they are", "[url]") {
  CHECK(completed("http://localhost:4444/servers/0b1c2d/mcp") == "http://localhost:4444/servers/0b1c2d/mcp");
  CHECK(completed("http://127.0.0.1:3001/mcp") == "http://127.0.0.1:3001/mcp");
  CHECK(completed("http://127.0.0.1:3001/sse") == "http://127.0.0.1:3001/sse");
  CHECK(completed("http://127.0.0.1:3001/servers") == "http://127.0.0.1:3001/servers");
  CHECK(completed("http://127.0.0.1:3001/") == "http://127.0.0.1:3001/");
}

TEST_CASE("a URL is split into origin and target", "[url]") {
  auto url = parse_url("https://user:pw@Example.com:8443/a/b?x=1&y=%20#frag");
  REQUIRE(url);
  CHECK(url->tls);
  CHECK(url->host == "Example.com");
  CHECK(url->port == 8443);
  CHECK(url->target == "/a/b?x=1&y=%20");
  auto v6 = parse_url("http://[::1]:9000");
  REQUIRE(v6);
  CHECK(v6->host == "::1");
  CHECK(v6->target == "/");
  CHECK(v6->origin() == "http://[::1]:9000");
  auto query_only = parse_url("http://127.0.0.1?x=1");
  REQUIRE(query_only);
  CHECK(query_only->target == "/?x=1");
}

TEST_CASE("a URL that could split a request line or header is refused", "[url]") {
  SECTION("header injection and request smuggling") {
    CHECK_FALSE(parse_url("http://127.0.0.1:9/mcp HTTP/1.1\r\nX-Injected: yes\r\nX-Pad: a"));
    CHECK_FALSE(parse_url("http://127.0.0.1:9/mcp HTTP/1.1\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x"));
    CHECK_FALSE(parse_url("http://127.0.0.1:9/mcp\nX: y"));
    CHECK_FALSE(parse_url("http://127.0.0.1:9\r\nX: y/mcp"));
  }
  SECTION("spaces, control characters and bytes outside RFC 3986") {
    for (const char* bad : {"http://h/a b", "http://h/a\tb", "http://h/a\x7f", "http://h/\x01", "http://h/a\"b",
                            "http://h/a<b>", "http://h/a\\b", "http://h/a^b", "http://h/a|b", "http://h/a{b}",
                            "http://h/a`b", "http://h/caf\xc3\xa9", "http://h/%zz", "http://h/a%2"}) {
      INFO(bad);
      CHECK_FALSE(parse_url(bad));
    }
  }
  SECTION("hosts that are no name or address") {
    for (const char* bad : {"http://h%0d%0ax/", "http://a b/", "http:///mcp", "http://[v1.x]/", "http://h:0/",
                            "http://h:65536/", "http://h:8x/", "http://h!$/"}) {
      INFO(bad);
      CHECK_FALSE(parse_url(bad));
    }
  }
  SECTION("schemes other than http and https") {
    CHECK_FALSE(parse_url("file:///etc/passwd"));
    CHECK_FALSE(parse_url("ftp://h/"));
    CHECK_FALSE(parse_url("localhost:9000"));
  }
}

TEST_CASE("request targets and hosts are checked before sending", "[url]") {
  CHECK(is_origin_form("/mcp"));
  CHECK(is_origin_form("/a/b;c?x=1&y=%2F:@!$'()*+,="));
  CHECK_FALSE(is_origin_form(""));
  CHECK_FALSE(is_origin_form("mcp"));
  CHECK_FALSE(is_origin_form("/mcp HTTP/1.1\r\nX: y"));
  CHECK_FALSE(is_origin_form("/a%"));
  CHECK_FALSE(is_origin_form("/a#b"));
  CHECK(is_host("example.com"));
  CHECK(is_host("127.0.0.1"));
  CHECK(is_host("::1"));
  CHECK_FALSE(is_host(""));
  CHECK_FALSE(is_host("a\r\nb"));
  CHECK_FALSE(is_host("a b"));
  CHECK_FALSE(is_host("a/b"));
}

TEST_CASE("SSE endpoint references resolve against the stream's URL", "[url]") {
  auto base = parse_url("http://127.0.0.1:9000/sse?x=1");
  REQUIRE(base);
  auto absolute_path = resolve_url(*base, "/messages/?session_id=abc");
  REQUIRE(absolute_path);
  CHECK(absolute_path->to_string() == "http://127.0.0.1:9000/messages/?session_id=abc");
  auto relative = resolve_url(*base, "messages?s=1");
  REQUIRE(relative);
  CHECK(relative->to_string() == "http://127.0.0.1:9000/messages?s=1");
  auto other = resolve_url(*base, "https://elsewhere.example/m");
  REQUIRE(other);
  CHECK(other->origin() == "https://elsewhere.example");
  auto network_path = resolve_url(*base, "//evil.example/m");
  REQUIRE(network_path);
  CHECK(network_path->host == "evil.example");
  CHECK_FALSE(resolve_url(*base, ""));
  CHECK_FALSE(resolve_url(*base, "/messages HTTP/1.1\r\nX-Injected: yes"));
  CHECK_FALSE(resolve_url(*base, "/m?x=\n"));
  CHECK_FALSE(resolve_url(*base, "javascript:alert(1)"));
}

TEST_CASE("characters outside RFC 3986 are refused in every part, before the URL parser sees them", "[url]") {
  // Boost.URL 1.81 asserts on some of these in a rootless path (boostorg/url#665).
  for (const char* bad : {"A:\\\\", "A:\"", "A:]", "A:[", "http:]", "http:\\\\h/", "http://h\\/", "http://h/?a\\b", "http://h/#\\"}) {
    INFO(bad);
    CHECK_FALSE(parse_url(bad));
  }
  CHECK(parse_url("http://h/a;b=c/d!$&'()*+,?x=1@y:z#f"));
  CHECK(parse_url("HTTPS://[::1]:8443/mcp"));
}
