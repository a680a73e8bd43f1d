#include "core/rest/openapi_resolver.hpp"

#include <catch2/catch.hpp>

using mcpgw::rest::OpenApiResolver;
using nlohmann::json;

TEST_CASE("$ref follows JSON Pointers, escapes and chains within the document", "[rest][openapi]") {
  json doc = json::parse(R"({
    "components": {
      "schemas": {"a/b": {"type": "string"}, "Alias": {"$ref": "#/components/schemas/a~1b"}, "tilde~": {"type": "integer"}},
      "parameters": {"P": {"$ref": "#/components/parameters/Q"}, "Q": {"name": "q", "in": "query"}}
    },
    "list": [{"type": "boolean"}]
  })");
  OpenApiResolver r(doc, false);
  CHECK(r.schema({{"$ref", "#/components/schemas/Alias"}}) == json({{"type", "string"}}));
  CHECK(r.schema({{"$ref", "#/components/schemas/tilde~0"}}) == json({{"type", "integer"}}));
  CHECK(r.schema({{"$ref", "#/components/schemas/a%7E1b"}}) == json({{"type", "string"}}));
  CHECK(r.schema({{"$ref", "#/list/0"}}) == json({{"type", "boolean"}}));
  const json* p = r.follow({{"$ref", "#/components/parameters/P"}});
  REQUIRE(p);
  CHECK((*p)["name"] == "q");
  CHECK(r.error().empty());
  CHECK(r.warnings().empty());
}

TEST_CASE("$ref loops among parameters are an error, not a hang", "[rest][openapi]") {
  json doc = json::parse(R"({"components": {"parameters": {"A": {"$ref": "#/components/parameters/B"},
                                                           "B": {"$ref": "#/components/parameters/A"}}}})");
  OpenApiResolver r(doc, false);
  CHECK(r.follow({{"$ref", "#/components/parameters/A"}}) == nullptr);
  CHECK_THAT(r.error(), Catch::Contains("refers to itself"));
}

TEST_CASE("mutually recursive schemas are cut where the cycle closes", "[rest][openapi]") {
  json doc = json::parse(R"({"components": {"schemas": {
    "A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"}}},
    "B": {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/A"}}, "nullable": true}}}})");
  OpenApiResolver r(doc, true);
  json a = r.schema({{"$ref", "#/components/schemas/A"}});
  CHECK(a["properties"]["b"]["properties"]["a"] == json::object());
  CHECK(a["properties"]["b"]["type"] == json({"object", "null"}));  // 3.0's nullable
  CHECK(r.warnings().size() == 1);
}

TEST_CASE("schemas that grow without bound once inlined are refused", "[rest][openapi]") {
  // Each level names the next twice: twenty levels inline to a million objects.
  json schemas = json::object();
  for (int i = 0; i < 20; ++i) {
    json next = {{"$ref", "#/components/schemas/S" + std::to_string(i + 1)}};
    schemas["S" + std::to_string(i)] = {{"type", "object"}, {"properties", {{"x", next}, {"y", next}}}};
  }
  schemas["S20"] = {{"type", "string"}};
  json doc = {{"components", {{"schemas", schemas}}}};
  OpenApiResolver r(doc, false);
  CHECK(r.schema({{"$ref", "#/components/schemas/S0"}}).is_null());
  CHECK_THAT(r.error(), Catch::Contains("once $refs are inlined"));
}

TEST_CASE("3.0 forms become draft 7; 3.1 $ref siblings are kept", "[rest][openapi]") {
  json doc = json::parse(R"({"components": {"schemas": {"N": {"type": "integer"}}}})");
  OpenApiResolver r30(doc, true);
  CHECK(r30.schema(json::parse(R"({"type": "string", "enum": ["a"], "nullable": true})")) ==
        json::parse(R"({"type": ["string", "null"], "enum": ["a", null]})"));
  CHECK(r30.schema(json::parse(R"({"maximum": 5, "exclusiveMaximum": false})")) == json::parse(R"({"maximum": 5})"));
  CHECK(r30.schema(json::parse(R"({"$ref": "#/components/schemas/N", "minimum": 3})")) == json({{"type", "integer"}}));
  OpenApiResolver r31(doc, false);
  CHECK(r31.schema(json::parse(R"({"$ref": "#/components/schemas/N", "minimum": 3, "title": "n"})")) ==
        json::parse(R"({"minimum": 3, "allOf": [{"type": "integer", "title": "n"}]})"));
  CHECK(r31.schema(json::parse(R"({"$defs": {"x": {}}, "$schema": "https://json-schema.org/draft/2020-12/schema",
                                  "const": 1})")) == json::parse(R"({"const": 1})"));
}
