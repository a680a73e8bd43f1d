#include "core/rest/yaml_json.hpp"

#include <catch2/catch.hpp>

using mcpgw::rest::read_yaml_as_json;
using nlohmann::json;

namespace {

json read(const std::string& text) {
  std::string error;
  json j = read_yaml_as_json(text, error);
  INFO(error);
  REQUIRE(!j.is_discarded());
  return j;
}

std::string refusal(const std::string& text) {
  std::string error;
  CHECK(read_yaml_as_json(text, error).is_discarded());
  return error;
}

}  // namespace

TEST_CASE("plain YAML scalars resolve with the core schema, quoted ones stay strings", "[rest][yaml]") {
  json j = read(R"(
openapi: 3.0.3
count: 42
negative: -7
octal: 0o17
hex: 0x1F
ratio: 2.5
exp: 1e3
yes_word: yes
on: true
off: False
nothing: ~
empty:
quoted: "42"
single: 'true'
tagged: !!str 12
"200":
  description: ok
list: [1, two, 3.0]
)");
  CHECK(j["openapi"] == "3.0.3");
  CHECK(j["count"] == 42);
  CHECK(j["count"].is_number_integer());
  CHECK(j["negative"] == -7);
  CHECK(j["octal"] == 15);
  CHECK(j["hex"] == 31);
  CHECK(j["ratio"] == 2.5);
  CHECK(j["exp"] == 1000.0);
  CHECK(j["yes_word"] == "yes");  // YAML 1.1's booleans are words in 1.2
  CHECK(j["on"] == true);
  CHECK(j["off"] == false);
  CHECK(j["nothing"].is_null());
  CHECK(j["empty"].is_null());
  CHECK(j["quoted"] == "42");
  CHECK(j["single"] == "true");
  CHECK(j["tagged"] == "12");
  CHECK(j["200"]["description"] == "ok");
  CHECK(j["list"] == json::array({1, "two", 3.0}));
}

TEST_CASE("anchors and aliases repeat what they name", "[rest][yaml]") {
  json j = read("base: &b {type: string}\nname: *b\n");
  CHECK(j["name"] == json({{"type", "string"}}));
}

TEST_CASE("bad YAML is refused with the line yaml-cpp names", "[rest][yaml]") {
  CHECK_THAT(refusal("a: 1\nb: [1, 2\nc: 3\n"), Catch::StartsWith("line "));
  CHECK_THAT(refusal("a: 1\n  b: 2\n"), Catch::StartsWith("line 2"));
  CHECK_THAT(refusal("? [a, b]\n: 1\n"), Catch::Contains("key must be a scalar"));
}

TEST_CASE("YAML that nests too deep or expands too far is refused, not followed", "[rest][yaml]") {
  CHECK_THAT(refusal(std::string(300, '[') + std::string(300, ']')), Catch::Contains("deeper"));
  // A billion laughs: nine levels of ten aliases each would be a billion values.
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'j'; ++c) {
    const std::string alias = std::string("*") + static_cast<char>(c - 1);
    std::string line = std::string(1, c) + ": &" + c + " [" + alias;
    for (int i = 1; i < 10; ++i) line += ", " + alias;
    bomb += line + "]\n";
  }
  CHECK_THAT(refusal(bomb), Catch::Contains("more than"));
}
