#include "core/admin/located_document.hpp"

#include <catch2/catch.hpp>

using mcpgw::admin::read_located;
using nlohmann::json;

TEST_CASE("a YAML file reads as JSON with the line and column of every key and item", "[admin][located]") {
  std::string error;
  auto doc = read_located("gw.yaml", "gateways:\n  - name: one\n    url: http://x/mcp\n    tags: [a, \"1\"]\n", error);
  INFO(error);
  REQUIRE(doc);
  CHECK(doc->value["gateways"][0]["name"] == "one");
  CHECK(doc->value["gateways"][0]["tags"] == json::array({"a", "1"}));
  CHECK(doc->at("/gateways").text() == "gw.yaml:1:1");
  CHECK(doc->at("/gateways/0").text() == "gw.yaml:2:5");
  CHECK(doc->at("/gateways/0/url").text() == "gw.yaml:3:5");
  // A pointer without its own place falls back to its parent's.
  CHECK(doc->at("/gateways/0/url/deeper").text() == "gw.yaml:3:5");
}

TEST_CASE("syntax errors and duplicate keys name the file, line and column", "[admin][located]") {
  std::string error;
  CHECK_FALSE(read_located("bad.yaml", "gateways:\n  - name: [unclosed\n", error));
  CHECK(error.rfind("bad.yaml:", 0) == 0);

  CHECK_FALSE(read_located("dup.yaml", "tools:\n  - name: a\n    name: b\n", error));
  CHECK(error == "dup.yaml:3:5: 'name' is given twice");

  CHECK_FALSE(read_located("bad.json", "{\n  \"tools\": [\n    {\"name\": }\n  ]\n}\n", error));
  INFO(error);
  CHECK(error.rfind("bad.json:3:14: ", 0) == 0);

  CHECK_FALSE(read_located("bad.toml", "[[tools]]\nname = \n", error));
  CHECK(error.rfind("bad.toml:2:", 0) == 0);
}

TEST_CASE("JSON and TOML files carry locations too", "[admin][located]") {
  std::string error;
  auto j = read_located("c.json", "{\n  \"prompts\": [\n    {\"name\": \"p\", \"template\": \"hi\"}\n  ]\n}\n", error);
  INFO(error);
  REQUIRE(j);
  CHECK(j->value["prompts"][0]["template"] == "hi");
  CHECK(j->at("/prompts/0").line == 3);

  auto t = read_located("c.toml", "[[servers]]\nname = \"s\"\nassociated_tools = [\"a\", \"b\"]\nenabled = true\n", error);
  INFO(error);
  REQUIRE(t);
  CHECK(t->value["servers"][0]["associated_tools"] == json::array({"a", "b"}));
  CHECK(t->value["servers"][0]["enabled"] == true);
  CHECK(t->at("/servers/0/associated_tools").line == 3);
}
