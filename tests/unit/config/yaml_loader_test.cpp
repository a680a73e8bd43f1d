#include "core/config/yaml_loader.hpp"

#include <catch2/catch.hpp>

#include "core/error.hpp"

using namespace mcpgw::config;
using mcpgw::ConfigError;

TEST_CASE("a YAML file sets settings, reading scalars like the environment", "[config]") {
  SettingsDraft draft;
  apply_yaml(draft,
             "# serve\n"
             "port: 9000\n"
             "auth_required: no\n"
             "skip_ssl_verify: 1\n"
             "allowed_origins:\n"
             "  - https://a.example\n"
             "jwt_audience: my-api\n",
             "mcpgw.yaml");
  const Settings& s = draft.settings;
  CHECK(s.port == 9000);
  CHECK_FALSE(s.auth_required);
  CHECK(s.skip_ssl_verify);
  CHECK(s.allowed_origins == std::vector<std::string>{"https://a.example"});
  CHECK(s.jwt_audience == "my-api");
  CHECK(draft.origin_of("jwt_audience") == "mcpgw.yaml:7: jwt_audience");
}

TEST_CASE("YAML errors name the file and line", "[config]") {
  SettingsDraft draft;
  SECTION("unknown key") {
    CHECK_THROWS_WITH(apply_yaml(draft, "port: 1\nhots: x\n", "gw.yaml"),
                      "gw.yaml:2: unknown setting 'hots'");
  }
  SECTION("wrong value") {
    CHECK_THROWS_WITH(apply_yaml(draft, "port: abc\n", "gw.yaml"),
                      "gw.yaml:1: port = 'abc': expected a port number 0-65535");
  }
  SECTION("a mapping where a value belongs") {
    CHECK_THROWS_WITH(apply_yaml(draft, "host:\n  a: b\n", "gw.yaml"),
                      "gw.yaml:1: host = (a list or mapping): expected a string");
  }
  SECTION("a document that is not a mapping") {
    CHECK_THROWS_WITH(apply_yaml(draft, "- port\n", "gw.yaml"),
                      Catch::Contains("expected a mapping"));
  }
  SECTION("syntax") {
    CHECK_THROWS_WITH(apply_yaml(draft, "port: 1\nhost: [\n", "gw.yaml"),
                      Catch::StartsWith("gw.yaml:"));
  }
}

TEST_CASE("an empty YAML document changes nothing", "[config]") {
  SettingsDraft draft;
  apply_yaml(draft, "# nothing yet\n", "gw.yaml");
  CHECK(draft.settings.port == 4444);
  CHECK(draft.origins.empty());
}
