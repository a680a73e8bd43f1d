#include "core/http/server.hpp"

#include <functional>

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/unit/run_async.hpp"

using namespace mcpgw;
using namespace boost::asio::experimental::awaitable_operators;
using http::Exchange;
using http::Request;
using http::Response;
using http::bhttp::field;
using http::bhttp::status;
using http::bhttp::verb;
namespace beast = boost::beast;

namespace {

/// A test client: one connection to the server under test.
struct Client {
  beast::tcp_stream stream;
  beast::flat_buffer buffer;

  awaitable<Response> send(verb method, std::string target, std::string body = {}) {
    Request request{method, target, 11};
    request.set(field::host, "127.0.0.1");
    request.body() = std::move(body);
    request.prepare_payload();
    co_await http::bhttp::async_write(stream, request, asio::use_awaitable);
    Response response;
    co_await http::bhttp::async_read(stream, buffer, response, asio::use_awaitable);
    co_return response;
  }
};

/// Serves `handler` on a free loopback port while `client` runs against it.
void with_server(http::ServerOptions options, http::Handler handler,
                 std::function<awaitable<void>(Client&)> client) {
  test::run_async([&]() -> awaitable<void> {
    auto ex = co_await asio::this_coro::executor;
    http::Server server(ex, options, handler);
    server.listen();
    auto run_client = [&]() -> awaitable<void> {
      Client c{beast::tcp_stream(ex), {}};
      co_await c.stream.async_connect({asio::ip::make_address("127.0.0.1"), server.port()},
                                      asio::use_awaitable);
      co_await client(c);
      server.stop();
    };
    co_await (server.run() && run_client());
  }());
}

}  // namespace

TEST_CASE("JSON responses keep the connection alive for the next request", "[http][server]") {
  int calls = 0;
  auto handler = [&](Exchange& ex) -> awaitable<void> {
    ++calls;
    nlohmann::json body{{"path", ex.path()}, {"body", ex.request().body()}};
    co_await ex.respond(status::ok, "application/json", body.dump());
  };
  with_server({}, handler, [](Client& c) -> awaitable<void> {
    Response first = co_await c.send(verb::post, "/mcp", R"({"jsonrpc":"2.0"})");
    CHECK(first.result() == status::ok);
    CHECK(first[field::content_type] == "application/json");
    CHECK(first[field::server] == "mcpgw");
    CHECK(first.keep_alive());
    CHECK(nlohmann::json::parse(first.body())["body"] == R"({"jsonrpc":"2.0"})");
    Response second = co_await c.send(verb::get, "/other");
    CHECK(nlohmann::json::parse(second.body())["path"] == "/other");
  });
  CHECK(calls == 2);
}

TEST_CASE("a body over the limit gets 413 and the connection closes", "[http][server]") {
  int calls = 0;
  auto handler = [&](Exchange& ex) -> awaitable<void> {
    ++calls;
    co_await ex.respond(status::ok, "text/plain", "ok");
  };
  with_server({.body_limit = 16}, handler, [](Client& c) -> awaitable<void> {
    Response response = co_await c.send(verb::post, "/mcp", std::string(100, 'x'));
    CHECK(response.result() == status::payload_too_large);
    CHECK_FALSE(response.keep_alive());
    CHECK(nlohmann::json::parse(response.body())["error"]["code"] == -32600);
    Response none;
    auto [ec, n] = co_await http::bhttp::async_read(c.stream, c.buffer, none, use_nothrow);
    CHECK(ec == http::bhttp::error::end_of_stream);
  });
  CHECK(calls == 0);
}

TEST_CASE("query parameters are read by exact name, still encoded", "[http][server]") {
  auto handler = [](Exchange& ex) -> awaitable<void> {
    std::string text = std::string(ex.path()) + "|" + std::string(ex.query_param("session_id")) + "|" +
                       std::string(ex.query_param("flag")) + "|" + std::string(ex.query_param("missing"));
    co_await ex.respond(status::ok, "text/plain", text);
  };
  with_server({}, handler, [](Client& c) -> awaitable<void> {
    auto with_query =
        co_await c.send(verb::post, "/messages?xsession_id=1&flag&session_id=a%20b&z=2");
    CHECK(with_query.body() == "/messages|a%20b||");
    auto without = co_await c.send(verb::post, "/messages");
    CHECK(without.body() == "/messages|||");
  });
}

TEST_CASE("a streamed response arrives chunked and intact", "[http][server]") {
  const std::string big(100 * 1024, 'b');
  auto handler = [&](Exchange& ex) -> awaitable<void> {
    if (ex.path() != "/stream") {
      co_await ex.respond(status::ok, "text/plain", "after");
      co_return;
    }
    http::bhttp::response<http::bhttp::empty_body> head{status::ok, 11};
    head.set(field::content_type, "text/event-stream");
    error_code ec = co_await ex.start_stream(std::move(head));
    if (!ec) ec = co_await ex.write_chunk("data: one\n\n");
    if (!ec) ec = co_await ex.write_chunk("");
    if (!ec) ec = co_await ex.write_chunk(big);
    if (!ec) ec = co_await ex.end_stream();
    CHECK_FALSE(ec);
  };
  with_server({}, handler, [&](Client& c) -> awaitable<void> {
    Response streamed = co_await c.send(verb::get, "/stream");
    CHECK(streamed.result() == status::ok);
    CHECK(streamed.chunked());
    CHECK(streamed[field::content_type] == "text/event-stream");
    CHECK(streamed.body() == "data: one\n\n" + big);
    // The last chunk ends the response cleanly, so the connection carries another request.
    Response next = co_await c.send(verb::get, "/next");
    CHECK(next.body() == "after");
  });
}

namespace {

/// Writes `raw` on the client's connection and returns all the server sends until it closes (or
/// until 2 s of silence, after which the text so far is returned with "<open>" appended).
awaitable<std::string> send_raw(Client& c, std::string raw) {
  co_await asio::async_write(c.stream.socket(), asio::buffer(raw), asio::use_awaitable);
  std::string received;
  char chunk[4096];
  for (;;) {
    c.stream.expires_after(std::chrono::seconds(2));
    auto [ec, n] = co_await c.stream.async_read_some(asio::buffer(chunk), use_nothrow);
    received.append(chunk, n);
    if (ec == beast::error::timeout) co_return received + "<open>";
    if (ec) co_return received;
  }
}

/// A handler that must not be reached; answers 200 "handled" so a test sees it was.
awaitable<void> reached(Exchange& ex) { co_await ex.respond(status::ok, "text/plain", "handled"); }

std::string raw_answer(std::string raw, int* calls = nullptr) {
  std::string out;
  with_server({}, [calls](Exchange& ex) -> awaitable<void> {
    if (calls) ++*calls;
    co_await reached(ex);
  }, [&](Client& c) -> awaitable<void> { out = co_await send_raw(c, std::move(raw)); });
  CHECK_FALSE(out.ends_with("<open>"));  // refusals close the connection
  return out;
}

}  // namespace

TEST_CASE("a HEAD request gets GET's header fields and no content", "[http][server]") {
  auto handler = [](Exchange& ex) -> awaitable<void> {
    co_await ex.respond(status::ok, "text/plain", "twelve bytes");
  };
  std::string out;
  with_server({}, handler, [&](Client& c) -> awaitable<void> {
    out = co_await send_raw(c, "HEAD /h HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                               "GET /g HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  });
  // Two answers on one connection: the first ends with its header, the second carries the content.
  auto second = out.find("HTTP/1.1 200", 1);
  REQUIRE(out.starts_with("HTTP/1.1 200"));
  REQUIRE(second != std::string::npos);
  std::string head = out.substr(0, second);
  CHECK(head.find("Content-Length: 12\r\n") != std::string::npos);
  CHECK(head.ends_with("\r\n\r\n"));
  CHECK(head.find("twelve bytes") == std::string::npos);
  CHECK(out.ends_with("\r\n\r\ntwelve bytes"));
}

TEST_CASE("a route's 405 carries Allow, and HEAD runs its GET handler", "[http][server]") {
  auto handler = [](Exchange& ex) -> awaitable<void> {
    if (!ex.allow_methods("GET, HEAD, OPTIONS")) {
      co_await ex.respond(status::method_not_allowed, "text/plain", "no\n");
      co_return;
    }
    std::string method(ex.request().method_string());
    co_await ex.respond(status::ok, "text/plain", method);
  };
  with_server({}, handler, [](Client& c) -> awaitable<void> {
    Response post = co_await c.send(verb::post, "/r");
    CHECK(post.result() == status::method_not_allowed);
    CHECK(post[field::allow] == "GET, HEAD, OPTIONS");
    Response get = co_await c.send(verb::get, "/r");
    CHECK(get.body() == "GET");
    CHECK(get[field::allow].empty());
    std::string head = co_await send_raw(c, "HEAD /r HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    CHECK(head.starts_with("HTTP/1.1 200"));
    CHECK(head.find("Content-Length: 3\r\n") != std::string::npos);
    CHECK(head.ends_with("\r\n\r\n"));
  });
}

TEST_CASE("a missing, repeated or malformed Host gets 400 and the connection closes", "[http][server]") {
  int calls = 0;
  SECTION("HTTP/1.1 without Host") {
    std::string out = raw_answer("GET / HTTP/1.1\r\n\r\n", &calls);
    CHECK(out.starts_with("HTTP/1.1 400"));
    CHECK(out.find("missing Host") != std::string::npos);
  }
  SECTION("two Host lines") {
    std::string out = raw_answer("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\n\r\n", &calls);
    CHECK(out.starts_with("HTTP/1.1 400"));
    CHECK(out.find("more than one Host") != std::string::npos);
  }
  SECTION("a Host with a space") {
    std::string out = raw_answer("GET / HTTP/1.1\r\nHost: a b\r\n\r\n", &calls);
    CHECK(out.starts_with("HTTP/1.1 400"));
  }
  CHECK(calls == 0);
  SECTION("HTTP/1.0 may leave Host out") {
    std::string out = raw_answer("GET / HTTP/1.0\r\n\r\n", &calls);  // 1.0: closed after it
    CHECK(out.starts_with("HTTP/1.0 200"));
    CHECK(calls == 1);
  }
}

TEST_CASE("transfer codings other than one final chunked are refused before the body", "[http][server]") {
  int calls = 0;
  const std::string head = "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  const std::string chunked_body = "\r\n\r\n2\r\n{}\r\n0\r\n\r\n";
  SECTION("gzip, chunked gets 501") {
    std::string out = raw_answer(head + "Transfer-Encoding: gzip, chunked" + chunked_body, &calls);
    CHECK(out.starts_with("HTTP/1.1 501"));
  }
  SECTION("gzip and chunked on two lines get 501") {
    std::string out = raw_answer(head + "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked" + chunked_body, &calls);
    CHECK(out.starts_with("HTTP/1.1 501"));
  }
  SECTION("chunked not last gets 400: the body's length is unknown") {
    std::string out = raw_answer(head + "Transfer-Encoding: chunked, gzip\r\n\r\n{}", &calls);
    CHECK(out.starts_with("HTTP/1.1 400"));
  }
  SECTION("gzip alone gets 400, and its body is not read as a second request") {
    std::string out = raw_answer(head + "Transfer-Encoding: gzip\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", &calls);
    CHECK(out.starts_with("HTTP/1.1 400"));
    CHECK(out.find("HTTP/1.1 200") == std::string::npos);
  }
  SECTION("chunked twice gets 400") {
    std::string out = raw_answer(head + "Transfer-Encoding: chunked, chunked" + chunked_body, &calls);
    CHECK(out.starts_with("HTTP/1.1 400"));
  }
  CHECK(calls == 0);
}

TEST_CASE("a malformed request line or header gets 400, not a silent close", "[http][server]") {
  int calls = 0;
  std::string raw;
  SECTION("junk after the version") { raw = "GET / HTTP/1.1 x\r\nHost: 127.0.0.1\r\n\r\n"; }
  SECTION("no request line at all") { raw = "garbage\r\n\r\n"; }
  SECTION("a space inside a field name") { raw = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Name: x\r\n\r\n"; }
  SECTION("a bare LF line ending") { raw = "GET / HTTP/1.1\nHost: 127.0.0.1\n\n"; }
  SECTION("an HTTP version other than 1.x") { raw = "GET / HTTP/2.0\r\nHost: 127.0.0.1\r\n\r\n"; }
  SECTION("a non-numeric Content-Length") { raw = "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1x\r\n\r\n"; }
  std::string out = raw_answer(raw, &calls);
  CHECK(out.starts_with("HTTP/1.1 400"));
  CHECK(out.find("Connection: close") != std::string::npos);
  CHECK(calls == 0);
}

TEST_CASE("past max_connections a new connection waits until one closes", "[http][server]") {
  auto handler = [](Exchange& ex) -> awaitable<void> {
    co_await ex.respond(status::ok, "text/plain", std::string(ex.path()));
  };
  with_server({.max_connections = 1}, handler, [](Client& first) -> awaitable<void> {
    auto ex = co_await asio::this_coro::executor;
    Response one = co_await first.send(verb::get, "/first");
    CHECK(one.body() == "/first");
    // The second connection completes in the kernel's backlog, but nobody reads its request yet.
    Client second{beast::tcp_stream(ex), {}};
    co_await second.stream.async_connect(first.stream.socket().remote_endpoint(), asio::use_awaitable);
    std::string request = "GET /second HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    co_await asio::async_write(second.stream.socket(), asio::buffer(request), asio::use_awaitable);
    asio::steady_timer quiet(ex, std::chrono::milliseconds(300));
    auto first_done = co_await (second.stream.socket().async_wait(asio::socket_base::wait_read, asio::use_awaitable) ||
                                quiet.async_wait(asio::use_awaitable));
    CHECK(first_done.index() == 1);  // nothing to read yet
    // Once the first closes, the second is accepted and answered.
    first.stream.close();
    Response two;
    second.stream.expires_after(std::chrono::seconds(2));
    co_await http::bhttp::async_read(second.stream, second.buffer, two, asio::use_awaitable);
    CHECK(two.body() == "/second");
  });
}

TEST_CASE("a chunked body of only its last chunk parses when it arrives a byte at a time", "[http][server]") {
  // Reads hand the parser whatever has arrived; Beast re-reads a final chunk it could not finish.
  const std::string raw = "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n";
  http::bhttp::request_parser<http::bhttp::string_body> parser;
  std::size_t used = 0;
  for (std::size_t offered = 1; !parser.is_done() && offered <= raw.size(); ++offered) {
    beast::error_code ec;
    used += parser.put(asio::buffer(raw.data() + used, offered - used), ec);
    if (ec == http::bhttp::error::need_more) continue;
    REQUIRE_FALSE(ec);
  }
  CHECK(parser.is_done());
  CHECK(used == raw.size());
  CHECK(parser.get().body().empty());
}

TEST_CASE("a handler that throws still answers 500, then the connection closes", "[http][server]") {
  std::string out;
  auto handler = [](Exchange& ex) -> awaitable<void> {
    if (ex.request().target() == "/throw") throw std::runtime_error("a fault of ours");
    co_await ex.respond(status::ok, "text/plain", "fine");
  };
  with_server({}, handler, [&](Client& c) -> awaitable<void> {
    out = co_await send_raw(c, "GET /throw HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                               "GET /next HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  });
  CHECK(out.starts_with("HTTP/1.1 500"));
  CHECK(out.find("internal error") != std::string::npos);
  CHECK(out.find("a fault of ours") == std::string::npos);  // no internals to the client
  CHECK(out.find("Connection: close") != std::string::npos);
  CHECK(out.find("fine") == std::string::npos);
  CHECK_FALSE(out.ends_with("<open>"));
}

TEST_CASE("Expect: 100-continue gets 100 before the body is sent", "[http][server]") {
  std::string interim, out;
  auto handler = [](Exchange& ex) -> awaitable<void> {
    co_await ex.respond(status::ok, "text/plain", "got " + ex.request().body());
  };
  with_server({}, handler, [&](Client& c) -> awaitable<void> {
    std::string head = "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n"
                       "Connection: close\r\n\r\n";
    co_await asio::async_write(c.stream.socket(), asio::buffer(head), asio::use_awaitable);
    // Without the interim answer this read times out: the client holds the body back.
    char chunk[256];
    c.stream.expires_after(std::chrono::seconds(2));
    auto [ec, n] = co_await c.stream.async_read_some(asio::buffer(chunk), use_nothrow);
    interim.assign(chunk, n);
    out = co_await send_raw(c, "{}");
  });
  CHECK(interim == "HTTP/1.1 100 Continue\r\n\r\n");
  CHECK(out.starts_with("HTTP/1.1 200"));
  CHECK(out.ends_with("got {}"));
}
