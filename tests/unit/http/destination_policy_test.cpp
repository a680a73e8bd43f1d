#include "core/http/destination_policy.hpp"

#include <catch2/catch.hpp>

using namespace mcpgw::http;
using boost::asio::ip::make_address;

TEST_CASE("CIDR networks are parsed strictly", "[ssrf]") {
  auto n = parse_network("10.0.0.0/8");
  REQUIRE(n);
  CHECK(n->contains(make_address("10.255.1.2")));
  CHECK_FALSE(n->contains(make_address("11.0.0.1")));
  CHECK_FALSE(n->contains(make_address("::1")));
  auto host = parse_network("127.0.0.2");
  REQUIRE(host);
  CHECK(host->prefix == 32);
  CHECK(host->contains(make_address("127.0.0.2")));
  CHECK_FALSE(host->contains(make_address("127.0.0.1")));
  auto v6 = parse_network("fe80::/10");
  REQUIRE(v6);
  CHECK(v6->contains(make_address("fe80::1")));
  CHECK(v6->contains(make_address("febf::1")));
  CHECK_FALSE(v6->contains(make_address("fec0::1")));
  auto all = parse_network("0.0.0.0/0");
  REQUIRE(all);
  CHECK(all->contains(make_address("203.0.113.9")));
  for (const char* bad : {"", "10.0.0.0/", "10.0.0.0/33", "10.0.0.1/8", "fe80::/129", "10.0.0.0/8x", "ten/8",
                          "10.0.0.0/-1", "::ffff:10.0.0.0/95"}) {
    INFO(bad);
    CHECK_FALSE(parse_network(bad));
  }
}

TEST_CASE("link-local and cloud metadata addresses are blocked by default", "[ssrf]") {
  DestinationPolicy policy({}, {});
  for (const char* blocked : {"169.254.169.254", "169.254.170.2", "fe80::1", "fd00:ec2::254", "100.100.100.200",
                              "::ffff:169.254.169.254"}) {
    INFO(blocked);
    CHECK_FALSE(policy.allows(make_address(blocked)));
  }
  for (const char* allowed : {"127.0.0.1", "::1", "10.1.2.3", "192.168.1.1", "203.0.113.9", "fd00:ec2::253"}) {
    INFO(allowed);
    CHECK(policy.allows(make_address(allowed)));
  }
}

TEST_CASE("blocked networks add to the defaults and allowed networks are exceptions", "[ssrf]") {
  DestinationPolicy policy({"127.0.0.2/32", "10.0.0.0/8"}, {"10.1.0.0/16", "169.254.169.254/32"});
  CHECK_FALSE(policy.allows(make_address("127.0.0.2")));
  CHECK_FALSE(policy.allows(make_address("::ffff:127.0.0.2")));
  CHECK(policy.allows(make_address("127.0.0.1")));
  CHECK_FALSE(policy.allows(make_address("10.2.0.1")));
  CHECK(policy.allows(make_address("10.1.9.9")));
  CHECK(policy.allows(make_address("169.254.169.254")));
  CHECK_FALSE(policy.allows(make_address("169.254.169.253")));
  CHECK_THROWS_AS(DestinationPolicy({"nonsense"}, {}), std::invalid_argument);
}
