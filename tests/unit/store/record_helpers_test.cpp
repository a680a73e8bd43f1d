#include <set>

#include <catch2/catch.hpp>

#include "core/auth/base64url.hpp"
#include "core/store/cursor.hpp"
#include "core/store/record_id.hpp"
#include "core/store/slug.hpp"

using namespace mcpgw::store;

TEST_CASE("record ids are version-4 UUIDs as 32 hex digits", "[store]") {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string id = new_record_id();
    REQUIRE(id.size() == 32);
    CHECK(id.find_first_not_of("0123456789abcdef") == std::string::npos);
    CHECK(id[12] == '4');
    CHECK(std::string("89ab").find(id[16]) != std::string::npos);
    seen.insert(id);
  }
  CHECK(seen.size() == 100);
}

TEST_CASE("slugs keep letters and digits and join the rest with single dashes", "[store]") {
  CHECK(slugify("My Time Server!") == "my-time-server");
  CHECK(slugify("  fast_time--server  ") == "fast-time-server");
  CHECK(slugify("GitHub v2") == "github-v2");
  CHECK(slugify("café") == "caf");
  CHECK(slugify("!!!").empty());
}

TEST_CASE("cursors name their listing and position", "[store]") {
  std::string cursor = encode_cursor("tools", 42);
  CHECK(decode_cursor("tools", cursor) == 42);
  CHECK_FALSE(decode_cursor("servers", cursor).has_value());
  CHECK(cursor.find_first_of("+/=") == std::string::npos);  // safe in a query string
  for (std::string text : {"tools:", "tools:-1", "tools:4x", "tools42", "tool:42", ""}) {
    INFO(text);
    CHECK_FALSE(decode_cursor("tools", mcpgw::auth::base64url_encode(text)).has_value());
  }
  CHECK_FALSE(decode_cursor("tools", "%%%").has_value());
}
