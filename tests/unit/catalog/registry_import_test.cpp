#include "core/catalog/registry_import.hpp"

#include <catch2/catch.hpp>

using namespace mcpgw::catalog;
using nlohmann::json;

namespace {

const json kNpm = json::parse(R"({
  "$schema": "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json",
  "name": "io.github.acme/weather",
  "title": "Weather",
  "description": "Forecasts from OpenWeatherMap",
  "version": "1.2.0",
  "websiteUrl": "https://acme.example/weather",
  "repository": {"url": "https://github.com/acme/weather", "source": "github"},
  "packages": [{
    "registryType": "npm",
    "identifier": "@acme/weather-mcp",
    "version": "1.2.0",
    "transport": {"type": "stdio"},
    "packageArguments": [
      {"type": "named", "name": "--units", "value": "metric"},
      {"type": "positional", "valueHint": "city", "isRequired": false}
    ],
    "environmentVariables": [
      {"name": "WEATHER_API_KEY", "description": "OpenWeatherMap key", "isSecret": true, "isRequired": true},
      {"name": "WEATHER_LANG", "default": "en"}
    ]
  }]
})");

const json kPypi = json::parse(R"({
  "name": "com.example/time",
  "description": "Time zones",
  "version": "0.3.0",
  "packages": [
    {"registryType": "oci", "identifier": "example/time", "transport": {"type": "stdio"}},
    {"registryType": "pypi", "identifier": "example-time-mcp", "version": "0.3.0", "transport": {"type": "stdio"},
     "environmentVariables": [{"name": "TZ", "description": "local zone", "isRequired": false}]}
  ]
})");

const json kRemote = json::parse(R"({
  "name": "com.example.api/search",
  "description": "Search",
  "version": "2.0.0",
  "remotes": [
    {"type": "sse", "url": "https://api.example.com/sse"},
    {"type": "streamable-http", "url": "https://api.example.com/{region}/mcp",
     "variables": {"region": {"default": "eu"}},
     "headers": [
       {"name": "Authorization", "value": "Bearer {token}", "isSecret": true, "isRequired": true},
       {"name": "X-Workspace", "description": "workspace id", "isRequired": true}
     ]}
  ],
  "packages": [{"registryType": "npm", "identifier": "search", "transport": {"type": "stdio"}}]
})");

const json kDocker = json::parse(R"({
  "name": "io.github.acme/dockered",
  "description": "Only an image",
  "version": "1.0.0",
  "packages": [{"registryType": "oci", "identifier": "acme/dockered", "transport": {"type": "stdio"}}]
})");

}  // namespace

TEST_CASE("a server.json with an npm package becomes an npx entry with its env", "[catalog]") {
  RegistryImport out = import_registry(kNpm);
  REQUIRE(out.problems.empty());
  REQUIRE(out.entries.size() == 1);
  const CatalogEntry& e = out.entries[0];
  CHECK(e.id == "io.github.acme-weather");
  CHECK(e.name == "Weather");
  CHECK(e.provider == "acme");
  CHECK(e.description == "Forecasts from OpenWeatherMap");
  CHECK(e.homepage == "https://acme.example/weather");
  CHECK(e.repo == "https://github.com/acme/weather");
  CHECK(e.command == "npx -y @acme/weather-mcp@1.2.0 --units=metric");
  CHECK(e.url.empty());
  CHECK(e.requires_api_key);
  REQUIRE(e.env.size() == 2);
  CHECK(e.env[0].name == "WEATHER_API_KEY");
  CHECK(e.env[0].secret);
  CHECK(e.env[0].required);
  CHECK(e.env[0].description == "OpenWeatherMap key");
  CHECK(e.env[1].default_value == std::optional<std::string>("en"));
  CHECK_FALSE(e.env[1].required);
}

TEST_CASE("a server.json with a PyPI package becomes a uvx entry", "[catalog]") {
  RegistryImport out = import_registry(kPypi);
  REQUIRE(out.problems.empty());
  REQUIRE(out.entries.size() == 1);
  const CatalogEntry& e = out.entries[0];
  CHECK(e.command == "uvx example-time-mcp==0.3.0");
  CHECK(e.name == "time");
  CHECK(e.provider == "example.com");
  CHECK_FALSE(e.requires_api_key);
  REQUIRE(e.env.size() == 1);
  CHECK(e.env[0].name == "TZ");
}

TEST_CASE("a remote is preferred: streamable HTTP over SSE, with its headers and bearer auth", "[catalog]") {
  RegistryImport out = import_registry(kRemote);
  REQUIRE(out.problems.empty());
  REQUIRE(out.entries.size() == 1);
  const CatalogEntry& e = out.entries[0];
  CHECK(e.url == "https://api.example.com/eu/mcp");
  CHECK(e.transport == "STREAMABLEHTTP");
  CHECK(e.command.empty());
  CHECK(e.auth_type == "API Key");
  CHECK(e.requires_api_key);
  CHECK(e.provider == "api.example.com");
  REQUIRE(e.headers.size() == 1);
  CHECK(e.headers[0].name == "X-Workspace");
  CHECK(e.headers[0].required);
}

TEST_CASE("a registry API page, and servers it cannot convert are reported", "[catalog]") {
  json page = {{"servers", json::array({{{"server", kNpm}, {"_meta", {{"io.modelcontextprotocol.registry/official", {{"status", "active"}}}}}},
                                        {{"server", kDocker}, {"_meta", json::object()}},
                                        {{"server", kRemote}}})},
               {"metadata", {{"count", 3}, {"nextCursor", "abc"}}}};
  RegistryImport out = import_registry(page);
  REQUIRE(out.entries.size() == 2);
  CHECK(out.entries[0].id == "io.github.acme-weather");
  CHECK(out.entries[1].id == "com.example.api-search");
  REQUIRE(out.problems.size() == 1);
  CHECK(out.problems[0] == "io.github.acme/dockered: no remote; no npm or PyPI package that runs over stdio");

  RegistryImport list = import_registry(json::array({kPypi, 42, json{{"name", "nameless"}}}));
  CHECK(list.entries.size() == 1);
  REQUIRE(list.problems.size() == 2);
  CHECK(list.problems[0] == "[1]: not a server.json object");
  CHECK(list.problems[1] == "nameless: name must be 'namespace/name'");
}

TEST_CASE("a required package argument without a value, or a remote URL variable without a default", "[catalog]") {
  json needs_arg = kNpm;
  needs_arg["packages"][0]["packageArguments"][1]["isRequired"] = true;
  RegistryImport out = import_registry(needs_arg);
  CHECK(out.entries.empty());
  REQUIRE(out.problems.size() == 1);
  CHECK(out.problems[0] == "io.github.acme/weather: no remote; argument 'city' needs a value the catalog cannot hold");

  json templated = kRemote;
  templated["remotes"] = json::array({{{"type", "streamable-http"}, {"url", "https://{tenant}.example.com/mcp"}}});
  out = import_registry(templated);
  REQUIRE(out.entries.size() == 1);
  CHECK(out.entries[0].command == "npx -y search");
  templated.erase("packages");
  out = import_registry(templated);
  REQUIRE(out.problems.size() == 1);
  CHECK(out.problems[0].find("{variables} without defaults") != std::string::npos);
}
