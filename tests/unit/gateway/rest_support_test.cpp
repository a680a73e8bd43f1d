#include "core/gateway/rest_support.hpp"

#include <boost/asio/io_context.hpp>
#include <catch2/catch.hpp>

using namespace mcpgw;

namespace {

store::ListQuery filters_of(std::string target) {
  asio::io_context io;
  http::beast::tcp_stream stream(io);
  http::Request request{http::bhttp::verb::get, target, 11};
  http::Exchange exchange(stream, request);
  return gateway::list_filters(exchange);
}

}  // namespace

// Tags longer than std::string's inline buffer once read freed memory (a view of a temporary).
TEST_CASE("list filters keep long tags whole", "[rest]") {
  auto query = filters_of("/gateways?tags=production-east-1,staging-west-2-extra-long-tag-name&include_inactive=true");
  CHECK(query.tags == std::vector<std::string>{"production-east-1", "staging-west-2-extra-long-tag-name"});
  CHECK(query.include_inactive);
  auto encoded = filters_of("/tools?gateway_id=abc&tags=a%20very%20long%20tag%20with%20spaces,%2Cb,,");
  CHECK(encoded.tags == std::vector<std::string>{"a very long tag with spaces", ",b"});
  CHECK(encoded.gateway_id == "abc");
  CHECK(filters_of("/tools").tags.empty());
}
