#include "core/config/setting_fields.hpp"

#include <array>

namespace mcpgw::config {
namespace {

using S = Settings;
constexpr std::int64_t kDay = 86400;

// Keep in the order of Settings; share/mcpgw.example.toml documents every row.
const std::array kFields = {
    SettingField{"host", "HOST", &S::host},
    SettingField{"port", "PORT", &S::port, 0, 65535, "a port number"},
    SettingField{"app_root_path", "APP_ROOT_PATH", &S::app_root_path},
    SettingField{"max_body_bytes", "MCPGW_MAX_BODY_BYTES", &S::max_body_bytes, 1024,
                 std::int64_t{1} << 30, "a number of bytes"},
    SettingField{"max_connections", "MCPGW_MAX_CONNECTIONS", &S::max_connections, 1, 1000000,
                 "a number of connections"},
    SettingField{"allowed_origins", "ALLOWED_ORIGINS", &S::allowed_origins},
    SettingField{"sse_keepalive_interval", "SSE_KEEPALIVE_INTERVAL", &S::sse_keepalive_interval, 1,
                 3600, "a number of seconds"},
    SettingField{"session_ttl", "SESSION_TTL", &S::session_ttl, 1, 7 * kDay, "a number of seconds"},
    SettingField{"max_sessions", "MCPGW_MAX_SESSIONS", &S::max_sessions, 0, 1000000,
                 "a number of sessions"},
    SettingField{"log_level", "LOG_LEVEL", &S::log_level},
    SettingField{"database_url", "DATABASE_URL", &S::database_url},
    SettingField{"db_sqlite_busy_timeout", "DB_SQLITE_BUSY_TIMEOUT", &S::db_sqlite_busy_timeout, 0,
                 600000, "a number of milliseconds"},
    SettingField{"auth_required", "AUTH_REQUIRED", &S::auth_required},
    SettingField{"jwt_secret_key", "JWT_SECRET_KEY", &S::jwt_secret_key},
    SettingField{"jwt_algorithm", "JWT_ALGORITHM", &S::jwt_algorithm},
    SettingField{"jwt_public_key_path", "JWT_PUBLIC_KEY_PATH", &S::jwt_public_key_path},
    SettingField{"jwt_private_key_path", "JWT_PRIVATE_KEY_PATH", &S::jwt_private_key_path},
    SettingField{"jwt_audience", "JWT_AUDIENCE", &S::jwt_audience},
    SettingField{"jwt_issuer", "JWT_ISSUER", &S::jwt_issuer},
    SettingField{"require_jti", "REQUIRE_JTI", &S::require_jti},
    SettingField{"require_token_expiration", "REQUIRE_TOKEN_EXPIRATION",
                 &S::require_token_expiration},
    SettingField{"basic_auth_user", "BASIC_AUTH_USER", &S::basic_auth_user},
    SettingField{"basic_auth_password", "BASIC_AUTH_PASSWORD", &S::basic_auth_password},
    SettingField{"api_allow_basic_auth", "API_ALLOW_BASIC_AUTH", &S::api_allow_basic_auth},
    SettingField{"mcpgateway_admin_api_enabled", "MCPGATEWAY_ADMIN_API_ENABLED",
                 &S::mcpgateway_admin_api_enabled},
    SettingField{"auth_encryption_secret", "AUTH_ENCRYPTION_SECRET", &S::auth_encryption_secret},
    SettingField{"protocol_version", "PROTOCOL_VERSION", &S::protocol_version},
    SettingField{"gateway_tool_name_separator", "GATEWAY_TOOL_NAME_SEPARATOR",
                 &S::gateway_tool_name_separator},
    SettingField{"tool_timeout", "TOOL_TIMEOUT", &S::tool_timeout, 1, kDay, "a number of seconds"},
    SettingField{"federation_timeout", "FEDERATION_TIMEOUT", &S::federation_timeout, 1, kDay,
                 "a number of seconds"},
    SettingField{"health_check_interval", "HEALTH_CHECK_INTERVAL", &S::health_check_interval, 1,
                 kDay, "a number of seconds"},
    SettingField{"health_check_timeout", "HEALTH_CHECK_TIMEOUT", &S::health_check_timeout, 1, 3600,
                 "a number of seconds"},
    SettingField{"unhealthy_threshold", "UNHEALTHY_THRESHOLD", &S::unhealthy_threshold, 1, 100,
                 "a number of failed checks"},
    SettingField{"skip_ssl_verify", "SKIP_SSL_VERIFY", &S::skip_ssl_verify},
    SettingField{"retry_max_attempts", "RETRY_MAX_ATTEMPTS", &S::retry_max_attempts, 1, 10, "a number of attempts"},
    SettingField{"retry_base_delay_ms", "RETRY_BASE_DELAY_MS", &S::retry_base_delay_ms, 1, 600000,
                 "a number of milliseconds"},
    SettingField{"retry_max_delay_ms", "RETRY_MAX_DELAY_MS", &S::retry_max_delay_ms, 1, 3600000,
                 "a number of milliseconds"},
    SettingField{"circuit_breaker_failure_threshold", "CIRCUIT_BREAKER_FAILURE_THRESHOLD",
                 &S::circuit_breaker_failure_threshold, 0, 1000, "a number of failed calls"},
    SettingField{"circuit_breaker_reset_seconds", "CIRCUIT_BREAKER_RESET_SECONDS", &S::circuit_breaker_reset_seconds,
                 1, kDay, "a number of seconds"},
    SettingField{"rate_limiting_enabled", "RATE_LIMITING_ENABLED", &S::rate_limiting_enabled},
    SettingField{"rate_limit_per_user_rpm", "RATE_LIMIT_PER_USER_RPM", &S::rate_limit_per_user_rpm, 0, 1000000,
                 "a number of calls per minute"},
    SettingField{"tool_rate_limit", "TOOL_RATE_LIMIT", &S::tool_rate_limit, 0, 1000000, "a number of calls per minute"},
    SettingField{"max_concurrent_calls_per_gateway", "MAX_CONCURRENT_CALLS_PER_GATEWAY",
                 &S::max_concurrent_calls_per_gateway, 0, 100000, "a number of calls"},
    SettingField{"max_concurrent_wait_ms", "MAX_CONCURRENT_WAIT_MS", &S::max_concurrent_wait_ms, 0, 600000,
                 "a number of milliseconds"},
    SettingField{"stdio_gateways_enabled", "STDIO_GATEWAYS_ENABLED", &S::stdio_gateways_enabled},
    SettingField{"stdio_allowed_commands", "STDIO_ALLOWED_COMMANDS", &S::stdio_allowed_commands},
    SettingField{"ssrf_blocked_networks", "SSRF_BLOCKED_NETWORKS", &S::ssrf_blocked_networks},
    SettingField{"ssrf_allowed_networks", "SSRF_ALLOWED_NETWORKS", &S::ssrf_allowed_networks},
    SettingField{"mcpgateway_catalog_enabled", "MCPGATEWAY_CATALOG_ENABLED", &S::mcpgateway_catalog_enabled},
    SettingField{"mcpgateway_catalog_file", "MCPGATEWAY_CATALOG_FILE", &S::mcpgateway_catalog_file},
};

template <class T>
constexpr bool holds(const SettingField& f) {
  return std::holds_alternative<T Settings::*>(f.member);
}

}  // namespace

std::span<const SettingField> setting_fields() { return kFields; }

const SettingField* find_setting(std::string_view key) {
  for (const auto& f : kFields) {
    if (f.key == key) return &f;
  }
  return nullptr;
}

const SettingField* find_setting_by_env(std::string_view env) {
  for (const auto& f : kFields) {
    if (f.env == env) return &f;
  }
  return nullptr;
}

std::string flag_name(const SettingField& field) {
  std::string out = "--" + std::string(field.key);
  for (auto& c : out) {
    if (c == '_') c = '-';
  }
  return out;
}

std::string expectation(const SettingField& field) {
  if (holds<std::string>(field)) return "a string";
  if (holds<bool>(field)) return "a boolean (true, false, 1, 0, yes or no)";
  if (holds<std::vector<std::string>>(field))
    return "a list of strings (a JSON array or comma-separated)";
  if (holds<log::Level>(field)) return "a log level (off, error, warn, info or debug)";
  return std::string(field.unit) + " " + std::to_string(field.min) + "-" +
         std::to_string(field.max);
}

}  // namespace mcpgw::config
