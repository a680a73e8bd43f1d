#include "core/http/server.hpp"

#include <functional>

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/beast/http/empty_body.hpp>
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
