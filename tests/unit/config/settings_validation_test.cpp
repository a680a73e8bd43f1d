#include "core/config/settings_validation.hpp"

#include <catch2/catch.hpp>

#include "core/config/env_overlay.hpp"
#include "core/error.hpp"

using namespace mcpgw::config;
using mcpgw::ConfigError;

namespace {

// Validates the defaults with `env` layered on.
void validate_env(const Environment& env) {
  SettingsDraft draft;
  apply_environment(draft, env);
  validate(draft);
}

const std::string kGoodSecret(32, 'k');

}  // namespace

TEST_CASE("the defaults are valid", "[config]") {
  SettingsDraft draft;
  CHECK_NOTHROW(validate(draft));
}

TEST_CASE("a configured JWT secret under 32 bytes is refused; 32 or empty is fine", "[config]") {
  CHECK_THROWS_WITH(validate_env({{"JWT_SECRET_KEY", "my-test-key"}}),
                    Catch::StartsWith("JWT_SECRET_KEY: a secret must be at least 32 bytes "
                                      "(this one has 11)"));
  CHECK_NOTHROW(validate_env({{"JWT_SECRET_KEY", kGoodSecret}}));
  CHECK_NOTHROW(validate_env({{"JWT_SECRET_KEY", ""}}));
  SECTION("the same for AUTH_ENCRYPTION_SECRET") {
    CHECK_THROWS_WITH(validate_env({{"AUTH_ENCRYPTION_SECRET", "my-test-salt"}}),
                      Catch::StartsWith("AUTH_ENCRYPTION_SECRET: a secret must be"));
  }
  SECTION("an RS256 setup needs no secret but a public key") {
    CHECK_THROWS_WITH(validate_env({{"JWT_ALGORITHM", "RS256"}, {"JWT_SECRET_KEY", "short"}}),
                      Catch::Contains("set JWT_PUBLIC_KEY_PATH"));
    CHECK_NOTHROW(validate_env({{"JWT_ALGORITHM", "RS256"},
                                {"JWT_SECRET_KEY", "short"},
                                {"JWT_PUBLIC_KEY_PATH", "jwt/public.pem"}}));
  }
}

TEST_CASE("an unknown JWT algorithm is refused", "[config]") {
  CHECK_THROWS_WITH(
      validate_env({{"JWT_ALGORITHM", "none"}}),
      Catch::StartsWith("JWT_ALGORITHM: unknown JWT algorithm 'none'") && Catch::Contains("HS256"));
}

TEST_CASE("authentication off is refused on a non-loopback address", "[config]") {
  CHECK_THROWS_WITH(validate_env({{"HOST", "0.0.0.0"}, {"AUTH_REQUIRED", "false"}}),
                    Catch::StartsWith("AUTH_REQUIRED: authentication is off while listening on "
                                      "0.0.0.0 (HOST)"));
  CHECK_NOTHROW(validate_env({{"HOST", "0.0.0.0"}}));
  for (auto host : {"127.0.0.1", "localhost", "::1", "127.0.0.2"})
    CHECK_NOTHROW(validate_env({{"HOST", host}, {"AUTH_REQUIRED", "0"}}));
}

TEST_CASE("Basic auth on the API needs a password", "[config]") {
  CHECK_THROWS_WITH(validate_env({{"API_ALLOW_BASIC_AUTH", "yes"}}),
                    Catch::StartsWith("API_ALLOW_BASIC_AUTH: "));
  CHECK_NOTHROW(validate_env({{"API_ALLOW_BASIC_AUTH", "yes"}, {"BASIC_AUTH_PASSWORD", "pw"}}));
}

TEST_CASE("DATABASE_URL must be sqlite; PostgreSQL is recognised but not supported yet",
          "[config]") {
  CHECK_NOTHROW(validate_env({{"DATABASE_URL", "sqlite:////data/mcp.db"}}));
  CHECK_THROWS_WITH(validate_env({{"DATABASE_URL", "postgresql+psycopg://u:p@db:5432/mcp"}}),
                    Catch::StartsWith("DATABASE_URL: PostgreSQL is not supported yet"));
  CHECK_THROWS_WITH(validate_env({{"DATABASE_URL", "mysql://db/mcp"}}),
                    Catch::StartsWith("DATABASE_URL: expected sqlite:///path"));
}

TEST_CASE("separator, protocol version and root path are checked", "[config]") {
  CHECK_NOTHROW(validate_env({{"GATEWAY_TOOL_NAME_SEPARATOR", "__"}}));
  CHECK_THROWS_WITH(validate_env({{"GATEWAY_TOOL_NAME_SEPARATOR", "::"}}),
                    Catch::StartsWith("GATEWAY_TOOL_NAME_SEPARATOR: expected one of"));
  CHECK_NOTHROW(validate_env({{"PROTOCOL_VERSION", "2025-06-18"}}));
  CHECK_THROWS_WITH(validate_env({{"PROTOCOL_VERSION", "2024-01-01"}}),
                    Catch::Contains("unknown MCP protocol version '2024-01-01'"));
  CHECK_NOTHROW(validate_env({{"APP_ROOT_PATH", "/gateway"}}));
  CHECK_THROWS(validate_env({{"APP_ROOT_PATH", "gateway"}}));
  CHECK_THROWS(validate_env({{"APP_ROOT_PATH", "/gateway/"}}));
  CHECK_THROWS_WITH(validate_env({{"HOST", ""}}), "HOST: expected an address to listen on");
}

TEST_CASE("SSRF network lists must be CIDR networks", "[config]") {
  CHECK_NOTHROW(validate_env({{"SSRF_BLOCKED_NETWORKS", "127.0.0.2/32,10.0.0.0/8"},
                              {"SSRF_ALLOWED_NETWORKS", "[\"169.254.169.254/32\", \"fd00::/8\"]"}}));
  CHECK_THROWS_WITH(validate_env({{"SSRF_BLOCKED_NETWORKS", "10.0.0.0/8,intranet"}}),
                    Catch::StartsWith("SSRF_BLOCKED_NETWORKS: 'intranet' is not a network in CIDR notation"));
  CHECK_THROWS_WITH(validate_env({{"SSRF_ALLOWED_NETWORKS", "10.0.0.1/8"}}),
                    Catch::StartsWith("SSRF_ALLOWED_NETWORKS: '10.0.0.1/8' is not a network"));
}
