#include "core/config/settings_sources.hpp"

#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "tests/unit/temp_dir.hpp"

using namespace mcpgw::config;
using mcpgw::ConfigError;
using mcpgw::test::TempDir;

TEST_CASE("precedence: defaults < file < environment < flags", "[config]") {
  TempDir dir;
  SettingsSources sources;
  sources.config_file = dir.write("mcpgw.toml",
                                  "port = 5000\n"
                                  "tool_timeout = 10\n"
                                  "jwt_issuer = \"file\"\n");
  sources.environment = {{"PORT", "6000"}, {"JWT_ISSUER", "env"}};
  sources.flags = {{"port", "7000"}};
  SettingsDraft draft = load_settings_draft(sources);
  const Settings& s = draft.settings;
  CHECK(s.port == 7000);                 // flag over environment over file
  CHECK(s.jwt_issuer == "env");          // environment over file
  CHECK(s.tool_timeout == 10);           // file over default
  CHECK(s.health_check_interval == 60);  // default
  CHECK(draft.origin_of("port") == "--port");
  CHECK(draft.origin_of("jwt_issuer") == "JWT_ISSUER");
  CHECK(draft.origin_of("tool_timeout") == dir.path.string() + "/mcpgw.toml:2: tool_timeout");
}

TEST_CASE("the file format follows the extension", "[config]") {
  TempDir dir;
  SettingsSources sources;
  SECTION("yaml") {
    sources.config_file = dir.write("gw.yaml", "port: 5001\n");
    CHECK(load_settings(sources).port == 5001);
  }
  SECTION("yml") {
    sources.config_file = dir.write("gw.yml", "port: 5002\n");
    CHECK(load_settings(sources).port == 5002);
  }
  SECTION("anything else is refused") {
    sources.config_file = dir.write("gw.ini", "port=1\n");
    CHECK_THROWS_WITH(load_settings(sources), Catch::Contains("unknown config file type"));
  }
  SECTION("a missing file is named") {
    sources.config_file = dir.path / "absent.toml";
    CHECK_THROWS_WITH(load_settings(sources),
                      Catch::Contains("absent.toml") && Catch::Contains("No such file"));
  }
}

TEST_CASE("validation runs last and names the source that won", "[config]") {
  TempDir dir;
  SettingsSources sources;
  sources.config_file = dir.write("gw.toml", "\njwt_secret_key = \"short\"\n");
  CHECK_THROWS_WITH(load_settings(sources),
                    Catch::StartsWith(dir.path.string() + "/gw.toml:2: jwt_secret_key: a secret"));
  sources.environment = {{"JWT_SECRET_KEY", std::string(40, 'x')}};
  CHECK(load_settings(sources).jwt_secret_key.size() == 40);
  sources.flags = {{"jwt_secret_key", "tiny"}};
  CHECK_THROWS_WITH(load_settings(sources), Catch::StartsWith("--jwt-secret-key: a secret"));
}
