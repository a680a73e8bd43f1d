#include "core/rest/json_schema.hpp"

#include <catch2/catch.hpp>

using mcpgw::rest::JsonSchema;
using nlohmann::json;

TEST_CASE("a schema checks values and names the failing path", "[rest][schema]") {
  std::string problem;
  auto schema = JsonSchema::compile(json::parse(R"({
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {
      "id": {"type": "integer", "minimum": 1},
      "tags": {"type": "array", "items": {"type": "string"}},
      "owner": {"$ref": "#/$defs/person"}
    },
    "required": ["id"],
    "$defs": {"person": {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]}}
  })"), problem);
  REQUIRE(schema);
  CHECK(problem.empty());
  CHECK(schema->violation(json::parse(R"({"id": 3, "tags": ["a"], "owner": {"name": "Ann"}})")).empty());
  CHECK_THAT(schema->violation(json::parse(R"({"id": "3"})")), Catch::StartsWith("/id: "));
  CHECK_THAT(schema->violation(json::parse(R"({"id": 0})")), Catch::StartsWith("/id: "));
  CHECK_THAT(schema->violation(json::parse(R"({"id": 1, "tags": ["a", 2]})")), Catch::StartsWith("/tags/1: "));
  CHECK_THAT(schema->violation(json::parse(R"({"id": 1, "owner": {}})")), Catch::Contains("name"));
  CHECK_THAT(schema->violation(json::object()), Catch::Contains("id"));
}

TEST_CASE("a schema that cannot be used is refused, never fetched", "[rest][schema]") {
  std::string problem;
  CHECK_FALSE(JsonSchema::compile(json::parse(R"({"type": "nonsense"})"), problem));
  CHECK_THAT(problem, Catch::Contains("cannot be used"));
  problem.clear();
  CHECK_FALSE(JsonSchema::compile(json::parse(R"({"$ref": "http://127.0.0.1:9/schema.json"})"), problem));
  CHECK_FALSE(problem.empty());
  problem.clear();
  CHECK_FALSE(JsonSchema::compile(json::array(), problem));
}

TEST_CASE("a schema that would recurse without end is refused; recursion into the value is fine", "[rest][schema]") {
  for (const char* looping : {R"({"$ref": "#"})", R"({"allOf": [{"$ref": "#"}]})", R"({"not": {"$ref": "#"}})",
                              R"({"anyOf": [{"$ref": "#"}], "type": "object"})",
                              R"({"properties": {"a": {"$ref": "#/properties/a"}}})",
                              R"({"definitions": {"a": {"$ref": "#/definitions/b"}, "b": {"allOf": [{"$ref": "#/definitions/a"}]}},
                                  "properties": {"x": {"$ref": "#/definitions/a"}}})"}) {
    std::string problem;
    CHECK_FALSE(JsonSchema::compile(json::parse(looping), problem));
    CHECK_THAT(problem, Catch::Contains("refers to itself"));
  }
  std::string problem;
  auto tree = JsonSchema::compile(
      json::parse(R"({"type": "object", "properties": {"children": {"type": "array", "items": {"$ref": "#"}}}})"), problem);
  REQUIRE(tree);
  CHECK(tree->violation(json::parse(R"({"children": [{"children": []}]})")).empty());
  CHECK_THAT(tree->violation(json::parse(R"({"children": [{"children": [1]}]})")), Catch::StartsWith("/children/0/children/0"));
}

TEST_CASE("a format applies to strings only, as draft 7 says (valijson checks it on any value)", "[rest][schema]") {
  std::string problem;
  auto schema = JsonSchema::compile(json::parse(R"({
    "type": "object",
    "properties": {
      "due": {"type": ["string", "null"], "format": "date"},
      "at": {"format": "date-time", "allOf": [{"minLength": 1}]},
      "day": {"type": "string", "format": "date"},
      "kind": {"enum": [{"format": "date"}]}
    }
  })"), problem);
  REQUIRE(schema);
  CHECK(schema->violation(json::parse(R"({"due": null, "at": 5, "day": "2024-02-29"})")).empty());
  CHECK_THAT(schema->violation(json::parse(R"({"due": "soon"})")), Catch::StartsWith("/due: "));
  CHECK_THAT(schema->violation(json::parse(R"({"at": "noon"})")), Catch::StartsWith("/at: "));
  CHECK_THAT(schema->violation(json::parse(R"({"day": "2024-13-01"})")), Catch::StartsWith("/day: "));
  CHECK(schema->violation(json::parse(R"({"kind": {"format": "date"}})")).empty());
}
