#include "core/http/client.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/this_coro.hpp>
#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "tests/unit/run_async.hpp"

using namespace mcpgw;
using namespace std::chrono_literals;
namespace ip = boost::asio::ip;

namespace {

/// A loopback listener that only counts the connections made to it.
struct Listener {
  explicit Listener(const asio::any_io_executor& ex, const char* address = "127.0.0.1")
      : acceptor(ex, {ip::make_address(address), 0}) {
    acceptor.non_blocking(true);
  }
  /// Connections waiting to be accepted (made and not yet taken).
  int connections() {
    int n = 0;
    for (;;) {
      error_code ec;
      ip::tcp::socket s = acceptor.accept(ec);
      if (ec) return n;
      ++n;
    }
  }
  http::Url url(std::string host) const { return http::Url{false, std::move(host), acceptor.local_endpoint().port(), "/mcp"}; }
  ip::tcp::acceptor acceptor;
};

error_code send_once(const http::Url& url, http::Request request,
                     std::shared_ptr<const http::DestinationPolicy> policy = nullptr) {
  return test::run_async([&]() -> awaitable<error_code> {
    http::ClientConnection c(co_await asio::this_coro::executor, url, policy);
    co_return co_await c.send(request, 300ms);
  }());
}

}  // namespace

TEST_CASE("a request that could split into more requests or headers is never sent", "[client]") {
  asio::io_context io;
  Listener listener(io.get_executor());
  const http::Url url = listener.url("127.0.0.1");
  SECTION("a target with a line break") {
    http::Request r{http::bhttp::verb::post, "/mcp HTTP/1.1\r\nX-Injected: yes\r\nX-Pad: a", 11};
    CHECK(send_once(url, r) == Errc::invalid_url);
  }
  SECTION("a target with a space or a byte outside RFC 3986") {
    CHECK(send_once(url, http::Request{http::bhttp::verb::get, "/a b", 11}) == Errc::invalid_url);
    CHECK(send_once(url, http::Request{http::bhttp::verb::get, "/a\x7f", 11}) == Errc::invalid_url);
  }
  SECTION("a header value with a line break") {
    http::Request r{http::bhttp::verb::post, "/mcp", 11};
    r.set("Authorization", "Bearer x\r\nX-Injected: yes");
    CHECK(send_once(url, r) == Errc::invalid_header_value);
  }
  SECTION("a host that is no name or address") {
    CHECK(send_once(listener.url("127.0.0.1\r\nX-Injected: yes"), http::Request{http::bhttp::verb::get, "/mcp", 11}) ==
          Errc::invalid_url);
  }
  CHECK(listener.connections() == 0);
  CHECK(http::refused_before_sending(make_error_code(Errc::invalid_url)));
}

TEST_CASE("a blocked destination is never connected to", "[client][ssrf]") {
  asio::io_context io;
  auto policy = std::make_shared<const http::DestinationPolicy>(std::vector<std::string>{"127.0.0.2/32"},
                                                                std::vector<std::string>{});
  Listener blocked(io.get_executor(), "127.0.0.2");
  SECTION("an address literal") {
    CHECK(send_once(blocked.url("127.0.0.2"), http::Request{http::bhttp::verb::get, "/mcp", 11}, policy) ==
          Errc::destination_blocked);
    CHECK(blocked.connections() == 0);
  }
  SECTION("a name is judged by the addresses it resolves to") {
    Listener local(io.get_executor());
    auto everything_local = std::make_shared<const http::DestinationPolicy>(
        std::vector<std::string>{"127.0.0.0/8", "::1/128"}, std::vector<std::string>{});
    CHECK(send_once(local.url("localhost"), http::Request{http::bhttp::verb::get, "/mcp", 11}, everything_local) ==
          Errc::destination_blocked);
    CHECK(local.connections() == 0);
  }
  SECTION("an allowed address is connected to (the listener sees it)") {
    Listener local(io.get_executor());
    CHECK(send_once(local.url("127.0.0.1"), http::Request{http::bhttp::verb::get, "/mcp", 11}, policy) !=
          Errc::destination_blocked);
    CHECK(local.connections() == 1);
  }
}
