#include "core/config/toml_loader.hpp"

#include <catch2/catch.hpp>

#include "core/error.hpp"

using namespace mcpgw::config;
using mcpgw::ConfigError;

TEST_CASE("a TOML file sets strings, numbers, booleans and lists", "[config]") {
  SettingsDraft draft;
  apply_toml(draft,
             "host = \"0.0.0.0\"\n"
             "port = 8080\n"
             "auth_required = false\n"
             "allowed_origins = [\"https://a.example\", \"https://b.example\"]\n"
             "log_level = \"debug\"\n",
             "mcpgw.toml");
  const Settings& s = draft.settings;
  CHECK(s.host == "0.0.0.0");
  CHECK(s.port == 8080);
  CHECK_FALSE(s.auth_required);
  CHECK(s.allowed_origins == std::vector<std::string>{"https://a.example", "https://b.example"});
  CHECK(s.log_level == mcpgw::log::Level::debug);
  CHECK(draft.origin_of("port") == "mcpgw.toml:2: port");
  CHECK(draft.origin_of("jwt_issuer") == "jwt_issuer (default)");
  CHECK(s.jwt_issuer == "mcpgateway");
}

TEST_CASE("an unknown TOML key is reported with its file and line", "[config]") {
  SettingsDraft draft;
  CHECK_THROWS_WITH(apply_toml(draft, "port = 1\n\nprot = 2\n", "gw.toml"),
                    "gw.toml:3: unknown setting 'prot'");
  SECTION("a table is not a setting either") {
    CHECK_THROWS_WITH(apply_toml(draft, "[server]\nport = 1\n", "gw.toml"),
                      Catch::StartsWith("gw.toml:1: unknown setting 'server'"));
  }
}

TEST_CASE("a TOML value of the wrong type names the file, line and expectation", "[config]") {
  struct Case {
    const char* toml;
    const char* message;
  };
  const Case cases[] = {
      {"\nport = \"abc\"\n", "gw.toml:2: port = 'abc': expected a port number 0-65535"},
      // TOML has real booleans, so a string is the wrong type even when it reads like one.
      {"auth_required = \"yes\"\n",
       "gw.toml:1: auth_required = 'yes': expected a boolean (true, false, 1, 0, yes or no)"},
      {"port = 70000\n", "gw.toml:1: port = 70000: expected a port number 0-65535"},
      {"host = 1\n", "gw.toml:1: host = 1: expected a string"},
      {"allowed_origins = [\"a\", 2]\n",
       "gw.toml:1: allowed_origins = [ 'a', 2 ]: expected a list of strings (a JSON array or "
       "comma-separated)"},
  };
  for (const auto& c : cases) {
    SettingsDraft draft;
    CHECK_THROWS_WITH(apply_toml(draft, c.toml, "gw.toml"), c.message);
    CHECK(draft.settings.port == 4444);
  }
}

TEST_CASE("TOML syntax errors carry the line", "[config]") {
  SettingsDraft draft;
  CHECK_THROWS_WITH(apply_toml(draft, "port = 1\nhost = \n", "gw.toml"),
                    Catch::StartsWith("gw.toml:2: "));
}
