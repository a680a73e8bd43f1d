#include "core/config/env_overlay.hpp"

#include <catch2/catch.hpp>

#include "core/error.hpp"

using namespace mcpgw::config;
using mcpgw::ConfigError;

TEST_CASE("ContextForge's variable names set the settings", "[config]") {
  SettingsDraft draft;
  apply_environment(draft, {{"HOST", "0.0.0.0"},
                            {"PORT", "4445"},
                            {"AUTH_REQUIRED", "FALSE"},
                            {"JWT_SECRET_KEY", "k"},
                            {"ALLOWED_ORIGINS", "[\"https://a.example\"]"},
                            {"GATEWAY_TOOL_NAME_SEPARATOR", "__"},
                            {"TOOL_TIMEOUT", "90"},
                            {"LOG_LEVEL", "DEBUG"},
                            {"PATH", "/usr/bin"}});
  const Settings& s = draft.settings;
  CHECK(s.host == "0.0.0.0");
  CHECK(s.port == 4445);
  CHECK_FALSE(s.auth_required);
  CHECK(s.jwt_secret_key == "k");
  CHECK(s.allowed_origins == std::vector<std::string>{"https://a.example"});
  CHECK(s.gateway_tool_name_separator == "__");
  CHECK(s.tool_timeout == 90);
  CHECK(s.log_level == mcpgw::log::Level::debug);
  CHECK(draft.origin_of("port") == "PORT");
}

TEST_CASE("a bad variable is named with its value and what was expected", "[config]") {
  SettingsDraft draft;
  CHECK_THROWS_WITH(apply_environment(draft, {{"PORT", "abc"}}),
                    "PORT=abc: expected a port number 0-65535");
  CHECK_THROWS_WITH(apply_environment(draft, {{"AUTH_REQUIRED", "maybe"}}),
                    "AUTH_REQUIRED=maybe: expected a boolean (true, false, 1, 0, yes or no)");
  CHECK_THROWS_WITH(apply_environment(draft, {{"TOOL_TIMEOUT", "0"}}),
                    "TOOL_TIMEOUT=0: expected a number of seconds 1-86400");
  CHECK_THROWS_WITH(apply_environment(draft, {{"LOG_LEVEL", "loud"}}),
                    Catch::StartsWith("LOG_LEVEL=loud: expected a log level"));
  CHECK(draft.settings.port == 4444);
}

TEST_CASE("flags are named as flags", "[config]") {
  SettingsDraft draft;
  apply_flags(draft, {{"port", "1234"}, {"jwt_secret_key", "s"}});
  CHECK(draft.settings.port == 1234);
  CHECK(draft.origin_of("jwt_secret_key") == "--jwt-secret-key");
  CHECK_THROWS_WITH(apply_flags(draft, {{"port", "-1"}}),
                    "--port=-1: expected a port number 0-65535");
  CHECK_THROWS_WITH(apply_flags(draft, {{"colour", "red"}}), "unknown setting 'colour'");
}

TEST_CASE("an envp array becomes an Environment", "[config]") {
  const char* envp[] = {"A=1", "B=x=y", "EMPTY=", "NOEQUALS", nullptr};
  Environment env = environment_from(envp);
  CHECK(env.size() == 3);
  CHECK(env.at("A") == "1");
  CHECK(env.at("B") == "x=y");
  CHECK(env.at("EMPTY").empty());
}

TEST_CASE("text parsers accept exactly their spellings", "[config]") {
  for (auto t : {"true", "TRUE", "1", "yes", "Yes", " true "}) CHECK(parse_bool(t) == true);
  for (auto f : {"false", "0", "no", "NO"}) CHECK(parse_bool(f) == false);
  for (auto bad : {"", "on", "2", "y"}) CHECK_FALSE(parse_bool(bad).has_value());
  CHECK(parse_integer(" 42 ") == 42);
  CHECK(parse_integer("-7") == -7);
  for (auto bad : {"", "4x", "0x10", "1.5", "99999999999999999999"})
    CHECK_FALSE(parse_integer(bad).has_value());
  CHECK(parse_list("a, b,,c") == std::vector<std::string>{"a", "b", "c"});
  CHECK(parse_list("[\"a,b\", \"c\"]") == std::vector<std::string>{"a,b", "c"});
  CHECK(parse_list("")->empty());
  CHECK_FALSE(parse_list("[1, 2]").has_value());
  CHECK_FALSE(parse_list("[\"a\"").has_value());
}
