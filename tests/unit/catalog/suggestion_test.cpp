#include "core/catalog/suggestion.hpp"

#include <array>

#include <catch2/catch.hpp>

using namespace mcpgw::catalog;

TEST_CASE("did-you-mean finds a near key and stays quiet for a far one", "[catalog]") {
  constexpr std::array<std::string_view, 4> keys = {"url", "name", "command", "requires_api_key"};
  CHECK(edit_distance("nmae", "name") == 1);
  CHECK(edit_distance("URL", "url") == 0);
  CHECK(edit_distance("comand", "command") == 1);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(did_you_mean("urls", keys) == "url");
  CHECK(did_you_mean("nmae", keys) == "name");
  CHECK(did_you_mean("requires_apikey", keys) == "requires_api_key");
  CHECK(did_you_mean("frobnicate", keys).empty());
  CHECK(did_you_mean("xy", keys).empty());
}
