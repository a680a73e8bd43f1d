#include "core/auth/random.hpp"

#include <catch2/catch.hpp>
#include <regex>
#include <set>

using namespace mcpgw::auth;

TEST_CASE("token ids are distinct version-4 UUIDs", "[auth]") {
  std::regex uuid4("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    auto id = new_token_id();
    CHECK(std::regex_match(id, uuid4));
    seen.insert(id);
  }
  CHECK(seen.size() == 200);
}

TEST_CASE("new secrets are 32 random bytes in hex", "[auth]") {
  auto a = new_secret();
  CHECK(a.size() == 64);
  CHECK(a.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(a != new_secret());
  CHECK(to_hex(std::string("\x00\xff\x10", 3)) == "00ff10");
}
