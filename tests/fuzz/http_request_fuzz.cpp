// Fuzzes the HTTP/1.1 request reader: Beast's request_parser with the server's limits, fed in
// chunks as reads deliver them (the first byte picks the chunk size), then the request-side
// steps the server and its routes take before any handler: path, query parameters, headers,
// the Host/Origin check and CORS origin matching. Several requests may follow on one connection.
#include <cstddef>
#include <algorithm>
#include <cstdint>
#include <string_view>

#include <boost/asio/io_context.hpp>
#include <boost/beast/http/parser.hpp>

#include "core/http/exchange.hpp"
#include "core/http/origin_check.hpp"
#include "core/http/server.hpp"

using namespace mcpgw::http;

namespace {

void inspect(Request& request) {
  static boost::asio::io_context io;
  static const OriginCheck loopback("127.0.0.1", {"https://app.example"});
  static const OriginCheck open("0.0.0.0", {}, {"gw.example"});
  beast::tcp_stream stream(io);
  Exchange exchange(stream, request);
  (void)exchange.path();
  (void)exchange.query_param("tags");
  (void)exchange.query_param("cursor");
  std::string_view host = exchange.header("Host");
  std::string_view origin = exchange.header("Origin");
  (void)loopback.check(host, origin);
  (void)open.check(host, origin);
  (void)loopback.origin_allowed(origin);
  (void)host_of(host);
  (void)exchange.header("Mcp-Session-Id");
  (void)request.keep_alive();
  (void)request.method();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const ServerOptions options;
  std::size_t chunk = data[0] % 64 + 1;
  std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
  while (!input.empty()) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.body_limit(options.body_limit);
    parser.header_limit(static_cast<std::uint32_t>(options.header_limit));
    parser.eager(true);
    // Like async_read: offer what has arrived, keep what the parser did not take.
    std::size_t offered = 0;
    beast::error_code ec;
    while (!parser.is_done()) {
      offered = std::min(input.size(), offered + chunk);
      std::size_t used = parser.put(boost::asio::buffer(input.data(), offered), ec);
      input.remove_prefix(used);
      offered -= used;
      if (ec == bhttp::error::need_more) {
        ec = {};
        if (offered == input.size()) break;  // the peer sent nothing more
        continue;
      }
      if (ec) return 0;
      if (used == 0 && offered == input.size()) break;
    }
    if (!parser.is_done()) {
      parser.put_eof(ec);
      if (ec || !parser.is_done()) return 0;
    }
    Request request = parser.release();
    inspect(request);
    if (!request.keep_alive()) break;
  }
  return 0;
}
