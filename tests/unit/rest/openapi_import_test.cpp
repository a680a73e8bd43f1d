#include "core/rest/openapi_import.hpp"

#include <catch2/catch.hpp>

#include "core/rest/json_schema.hpp"

using mcpgw::rest::JsonSchema;
using mcpgw::rest::OpenApiOptions;
using mcpgw::rest::OpenApiTools;
using mcpgw::rest::read_openapi_text;
using mcpgw::rest::tools_from_openapi;
using nlohmann::json;

namespace {

json document(const std::string& text) {
  std::string error;
  json doc = read_openapi_text(text, error);
  INFO(error);
  REQUIRE(!doc.is_discarded());
  return doc;
}

OpenApiTools import(const std::string& text, OpenApiOptions options = {}) {
  return tools_from_openapi(document(text), options);
}

const mcpgw::store::Tool& tool(const OpenApiTools& out, const std::string& name) {
  for (const auto& t : out.tools)
    if (t.tool.name == name) return t.tool;
  FAIL("no tool named " << name);
  throw;
}

const char* const kPetstore30 = R"(
openapi: 3.0.3
info: {title: Pets, version: "1"}
servers:
  - url: https://{region}.pets.example/v1
    variables: {region: {default: eu}}
paths:
  /pets:
    get:
      operationId: listPets
      summary: List pets
      description: All of them, a page at a time.
      parameters:
        - {name: limit, in: query, schema: {type: integer, maximum: 100}}
        - {name: X-Trace, in: header, required: true, schema: {type: string}}
        - {name: Accept, in: header, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Pet"}}
    post:
      operationId: createPet
      parameters:
        - {name: dry, in: query, schema: {type: boolean}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/NewPet"}
      responses:
        "201":
          description: created
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pet"}
  /pets/{pet-id}:
    parameters:
      - $ref: "#/components/parameters/PetId"
    get:
      operationId: getPet
      responses: {"200": {description: ok}}
    delete:
      responses: {"204": {description: gone}}
    head:
      operationId: petExists
      responses: {"200": {description: ok}}
components:
  parameters:
    PetId: {name: pet-id, in: path, required: true, description: The pet, schema: {type: integer}}
  schemas:
    NewPet:
      type: object
      required: [name]
      properties:
        name: {type: string}
        tag: {type: string, nullable: true}
        age: {type: integer, minimum: 0, exclusiveMinimum: true}
    Pet:
      allOf:
        - $ref: "#/components/schemas/NewPet"
        - type: object
          required: [id]
          properties: {id: {type: integer}}
)";

}  // namespace

TEST_CASE("an OpenAPI 3.0 document becomes one REST tool per operation", "[rest][openapi]") {
  OpenApiTools out = import(kPetstore30);
  REQUIRE(out.error.empty());
  REQUIRE(out.tools.size() == 4);
  CHECK(out.tools[0].operation == "GET /pets");

  const auto& list = tool(out, "listPets");
  CHECK(list.integration_type == "REST");
  CHECK(list.request_type == "GET");
  CHECK(list.url == "https://eu.pets.example/v1/pets");
  CHECK(list.description == "List pets\n\nAll of them, a page at a time.");
  CHECK(list.input_schema["properties"]["limit"] == json({{"type", "integer"}, {"maximum", 100}}));
  CHECK(list.input_schema["required"] == json({"X-Trace"}));
  CHECK_FALSE(list.input_schema["properties"].contains("Accept"));
  CHECK(list.query_mapping.empty());  // a GET sends unmapped arguments as the query anyway
  CHECK(list.header_mapping == json({{"X-Trace", "X-Trace"}}));
  CHECK(list.output_schema.is_null());  // an array is not an object schema

  SECTION("a body's properties merge with the parameters; the query goes by query_mapping") {
    const auto& create = tool(out, "createPet");
    CHECK(create.request_type == "POST");
    CHECK(create.query_mapping == json({{"dry", "dry"}}));
    CHECK(create.input_schema["required"] == json({"name"}));
    CHECK(create.input_schema["properties"]["tag"]["type"] == json({"string", "null"}));
    CHECK(create.input_schema["properties"]["age"] == json({{"type", "integer"}, {"exclusiveMinimum", 0}}));
    CHECK(create.output_schema.is_null());  // allOf without a type of its own: no output schema
  }
  SECTION("path parameters come from the path item; names a template cannot hold are renamed") {
    const auto& get = tool(out, "getPet");
    CHECK(get.url == "https://eu.pets.example/v1/pets/{pet_id}");
    CHECK(get.input_schema["required"] == json({"pet_id"}));
    CHECK(get.input_schema["properties"]["pet_id"] == json({{"type", "integer"}, {"description", "The pet"}}));
  }
  SECTION("an operation without operationId is named after its method and path") {
    CHECK(tool(out, "delete_pets_pet-id").request_type == "DELETE");
  }
  SECTION("HEAD is skipped, saying why") {
    REQUIRE(out.skipped.size() == 1);
    CHECK(out.skipped[0].operation == "HEAD /pets/{pet-id}");
    CHECK(out.skipped[0].name == "petExists");
  }
  SECTION("every schema compiles as a REST tool's input schema") {
    for (const auto& t : out.tools) {
      std::string problem;
      CHECK(JsonSchema::compile(t.tool.input_schema, problem));
      CHECK(problem == "");
    }
  }
}

TEST_CASE("base_url, name_prefix and include shape the import", "[rest][openapi]") {
  OpenApiOptions options;
  options.base_url = "http://127.0.0.1:4010/api/";
  options.name_prefix = "pets_";
  options.include = {"listPets", "delete_pets_pet-id"};
  OpenApiTools out = import(kPetstore30, options);
  REQUIRE(out.error.empty());
  REQUIRE(out.tools.size() == 2);
  CHECK(tool(out, "pets_listPets").url == "http://127.0.0.1:4010/api/pets");
  CHECK(tool(out, "pets_delete_pets_pet-id").url == "http://127.0.0.1:4010/api/pets/{pet_id}");

  options.include = {"nope"};
  CHECK_THAT(import(kPetstore30, options).error, Catch::Contains("'nope'"));
  options = {};
  options.base_url = "ftp://x";
  CHECK_THAT(import(kPetstore30, options).error, Catch::StartsWith("base_url: "));
  options = {};
  options.name_prefix = "bad prefix";
  CHECK_THAT(import(kPetstore30, options).error, Catch::Contains("name_prefix"));
}

TEST_CASE("a relative server URL resolves against where the document came from", "[rest][openapi]") {
  const char* doc = R"({"openapi": "3.1.0", "servers": [{"url": "/v2"}],
    "paths": {"/a": {"get": {"operationId": "a", "responses": {}}}}})";
  OpenApiOptions options;
  options.document_url = "http://127.0.0.1:8080/docs/openapi.json";
  OpenApiTools out = import(doc, options);
  REQUIRE(out.error.empty());
  CHECK(tool(out, "a").url == "http://127.0.0.1:8080/v2/a");
  CHECK_THAT(import(doc).error, Catch::Contains("give base_url"));
}

TEST_CASE("an OpenAPI 3.1 document: type lists, $ref siblings, an object output schema", "[rest][openapi]") {
  OpenApiTools out = import(R"({
    "openapi": "3.1.0",
    "info": {"title": "t", "version": "1"},
    "servers": [{"url": "https://api.example"}],
    "paths": {
      "/users/{id}": {
        "put": {
          "operationId": "putUser",
          "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                         {"name": "id", "in": "query", "schema": {"type": "string"}},
                         {"name": "verbose", "in": "cookie", "schema": {"type": "boolean"}}],
          "requestBody": {"$ref": "#/components/requestBodies/User"},
          "responses": {"200": {"description": "ok", "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/User", "description": "The user as stored"}}}}}
        }
      }
    },
    "components": {
      "requestBodies": {"User": {"required": true, "content": {"application/json; charset=utf-8": {
        "schema": {"$ref": "#/components/schemas/User"}}}}},
      "schemas": {"User": {"type": "object", "required": ["id", "name"], "properties": {
        "id": {"type": "string"}, "name": {"type": "string"}, "nick": {"type": ["string", "null"]}}}}
    }
  })");
  REQUIRE(out.error.empty());
  const auto& put = tool(out, "putUser");
  // The body's "id" keeps its name; the path and query parameters give way.
  CHECK(put.url == "https://api.example/users/{path_id}");
  CHECK(put.query_mapping == json({{"query_id", "id"}}));
  CHECK(put.input_schema["required"] == json({"path_id", "id", "name"}));
  CHECK(put.input_schema["properties"]["nick"]["type"] == json({"string", "null"}));
  CHECK_FALSE(put.input_schema["properties"].contains("verbose"));
  CHECK(put.output_schema["type"] == "object");
  CHECK(put.output_schema["description"] == "The user as stored");
  CHECK(out.warnings.size() == 1);  // the cookie parameter left out
}

TEST_CASE("a cyclic schema is cut to {} where it recurs", "[rest][openapi]") {
  OpenApiTools out = import(R"(
openapi: 3.0.0
servers: [{url: "http://h"}]
paths:
  /tree:
    post:
      operationId: plant
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Node"}
      responses: {}
components:
  schemas:
    Node:
      type: object
      properties:
        value: {type: string}
        children: {type: array, items: {$ref: "#/components/schemas/Node"}}
)");
  REQUIRE(out.error.empty());
  const auto& plant = tool(out, "plant");
  CHECK(plant.input_schema["properties"]["children"]["items"] == json::object());
  REQUIRE(out.warnings.size() == 1);
  CHECK_THAT(out.warnings[0], Catch::Contains("#/components/schemas/Node") && Catch::Contains("cyclic"));
  CHECK_FALSE(plant.input_schema.contains("required"));  // the body is optional
}

TEST_CASE("what a REST tool cannot send is skipped, saying why", "[rest][openapi]") {
  OpenApiTools out = import(R"(
openapi: 3.0.1
servers: [{url: "http://h"}]
paths:
  /upload:
    post:
      operationId: upload
      requestBody: {required: true, content: {multipart/form-data: {schema: {type: object}}}}
      responses: {}
  /batch:
    post:
      operationId: batch
      requestBody: {content: {application/json: {schema: {type: array, items: {type: string}}}}}
      responses: {}
  /session:
    get:
      operationId: session
      parameters: [{name: sid, in: cookie, required: true}]
      responses: {}
  /twice:
    get: {operationId: session, responses: {}}
)");
  REQUIRE(out.error.empty());
  CHECK(out.tools.empty());
  REQUIRE(out.skipped.size() == 4);
  CHECK_THAT(out.skipped[0].reason, Catch::Contains("not a JSON object"));  // /batch
  CHECK_THAT(out.skipped[1].reason, Catch::Contains("cookie"));             // /session
  CHECK_THAT(out.skipped[2].reason, Catch::Contains("taken by GET /session"));
  CHECK_THAT(out.skipped[3].reason, Catch::Contains("multipart/form-data"));
}

TEST_CASE("documents that cannot be imported say what is wrong", "[rest][openapi]") {
  auto error = [](const std::string& text) { return import(text).error; };
  CHECK_THAT(tools_from_openapi(json::array(), {}).error, Catch::Contains("must be an object"));
  CHECK_THAT(error(R"({"swagger": "2.0", "paths": {}})"), Catch::Contains("only OpenAPI 3.0 and 3.1") &&
                                                             Catch::Contains("Swagger 2.0"));
  CHECK_THAT(error(R"({"openapi": "4.0.0", "paths": {}})"), Catch::Contains("only OpenAPI 3.0 and 3.1"));
  CHECK_THAT(error(R"({"info": {}})"), Catch::Contains("only OpenAPI 3.0 and 3.1"));
  CHECK_THAT(error("openapi: 3.0.0\npaths: {}\n"), Catch::Contains("no paths"));
  CHECK_THAT(error("openapi: 3.1.0\nservers: [{url: 'http://h'}]\npaths:\n  /a:\n    get:\n      parameters:\n"
                   "        - $ref: '#/components/parameters/Missing'\n"),
             Catch::Contains("'#/components/parameters/Missing' points to nothing"));
  CHECK_THAT(error("openapi: 3.1.0\nservers: [{url: 'http://h'}]\npaths:\n  /a:\n    post:\n      requestBody:\n"
                   "        content: {application/json: {schema: {$ref: 'common.yaml#/Pet'}}}\n"),
             Catch::Contains("'common.yaml#/Pet' points outside the document"));
  CHECK_THAT(error("openapi: 3.0.0\nservers: [{url: 'not a url'}]\npaths: {/a: {get: {}}}\n"),
             Catch::Contains("give base_url"));
}

TEST_CASE("document text is JSON when it starts with '{', else YAML", "[rest][openapi]") {
  std::string error;
  CHECK(read_openapi_text("  {\"openapi\": \"3.1.0\"}", error)["openapi"] == "3.1.0");
  CHECK(read_openapi_text("openapi: 3.1.0", error)["openapi"] == "3.1.0");
  CHECK(read_openapi_text("{\"openapi\": ", error).is_discarded());
  CHECK_THAT(error, Catch::StartsWith("the document is not valid JSON"));
  CHECK(read_openapi_text("openapi: [3.1.0\nx: 1", error).is_discarded());
  CHECK_THAT(error, Catch::StartsWith("the document is not valid YAML: line "));
  CHECK(read_openapi_text(" \n", error).is_discarded());
  CHECK(error == "the document is empty");
}

TEST_CASE("fields of an unexpected type are read as absent, never converted", "[rest][openapi]") {
  // Found by fuzzing: "required" as a string threw from inside the import.
  const char* doc = R"(
openapi: 3.0.3
info: {title: T, version: "1"}
servers: [{url: "https://api.example"}]
paths:
  /items:
    get:
      operationId: listItems
      parameters:
        - {name: limit, in: query, required: "true", schema: {type: integer}}
        - {name: tag, in: query, required: 1, schema: {type: string}}
      responses: {"200": {description: ok}}
)";
  OpenApiTools out;
  REQUIRE_NOTHROW(out = import(doc));
  const auto& t = tool(out, "listItems");
  CHECK(t.input_schema["properties"].contains("limit"));
  CHECK_FALSE(t.input_schema.contains("required"));
}
