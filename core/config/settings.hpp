#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/log/logger.hpp"

namespace mcpgw::config {

/// Everything `mcpgw serve` is configured with. Defaults live here; load_settings()
/// (settings_sources.hpp) layers a file, the environment and flags on top, then validates.
/// The comment after each member is its environment variable (ContextForge's name where
/// ContextForge has the setting); the config-file key and flag are the member name
/// (`jwt_secret_key`, `--jwt-secret-key`). setting_fields.cpp holds the same table in code.
struct Settings {
  // Listening
  std::string host = "127.0.0.1";            // HOST
  std::uint16_t port = 4444;                 // PORT (0 picks a free port)
  std::string app_root_path;                 // APP_ROOT_PATH ("" or "/prefix")
  std::size_t max_body_bytes = 4194304;      // MCPGW_MAX_BODY_BYTES
  std::size_t max_connections = 1024;        // MCPGW_MAX_CONNECTIONS (more wait in the backlog)
  std::vector<std::string> allowed_origins;  // ALLOWED_ORIGINS (browser origins for CORS)
  int sse_keepalive_interval = 30;           // SSE_KEEPALIVE_INTERVAL (seconds)
  int session_ttl = 3600;                    // SESSION_TTL (seconds idle)
  int max_sessions = 1000;                   // MCPGW_MAX_SESSIONS (0: no limit)
  log::Level log_level = log::Level::info;   // LOG_LEVEL

  // Persistence
  std::string database_url = "sqlite:///./mcp.db";  // DATABASE_URL
  int db_sqlite_busy_timeout = 5000;                // DB_SQLITE_BUSY_TIMEOUT (milliseconds)

  // Authentication of our own clients
  bool auth_required = true;                    // AUTH_REQUIRED
  std::string jwt_secret_key;                   // JWT_SECRET_KEY ("" = generate on first start)
  std::string jwt_algorithm = "HS256";          // JWT_ALGORITHM
  std::string jwt_public_key_path;              // JWT_PUBLIC_KEY_PATH (RS*/ES*)
  std::string jwt_private_key_path;             // JWT_PRIVATE_KEY_PATH (RS*/ES*)
  std::string jwt_audience = "mcpgateway-api";  // JWT_AUDIENCE
  std::string jwt_issuer = "mcpgateway";        // JWT_ISSUER
  bool require_jti = true;                      // REQUIRE_JTI
  bool require_token_expiration = true;         // REQUIRE_TOKEN_EXPIRATION
  std::string basic_auth_user = "admin";        // BASIC_AUTH_USER
  std::string basic_auth_password;              // BASIC_AUTH_PASSWORD
  bool api_allow_basic_auth = false;            // API_ALLOW_BASIC_AUTH
  bool mcpgateway_admin_api_enabled = true;     // MCPGATEWAY_ADMIN_API_ENABLED

  // Credentials of upstream servers, encrypted at rest
  std::string auth_encryption_secret;  // AUTH_ENCRYPTION_SECRET ("" = generate on first start)

  // Federation
  std::string protocol_version = "2025-11-25";    // PROTOCOL_VERSION
  std::string gateway_tool_name_separator = "-";  // GATEWAY_TOOL_NAME_SEPARATOR (- -- _ __ .)
  int tool_timeout = 60;                          // TOOL_TIMEOUT (seconds)
  int federation_timeout = 120;                   // FEDERATION_TIMEOUT (seconds)
  int health_check_interval = 60;                 // HEALTH_CHECK_INTERVAL (seconds)
  int health_check_timeout = 30;                  // HEALTH_CHECK_TIMEOUT (seconds)
  int unhealthy_threshold = 3;                    // UNHEALTHY_THRESHOLD (failed checks)
  bool skip_ssl_verify = false;                   // SKIP_SSL_VERIFY

  // Resilience and limits of calls (tools/call, resources/read, prompts/get)
  int retry_max_attempts = 3;                     // RETRY_MAX_ATTEMPTS (tries in all, 1 = no retry)
  int retry_base_delay_ms = 200;                  // RETRY_BASE_DELAY_MS (first backoff, doubling)
  int retry_max_delay_ms = 10000;                 // RETRY_MAX_DELAY_MS (longest backoff or Retry-After)
  int circuit_breaker_failure_threshold = 5;      // CIRCUIT_BREAKER_FAILURE_THRESHOLD (0 = off)
  int circuit_breaker_reset_seconds = 30;         // CIRCUIT_BREAKER_RESET_SECONDS
  bool rate_limiting_enabled = false;             // RATE_LIMITING_ENABLED
  int rate_limit_per_user_rpm = 600;              // RATE_LIMIT_PER_USER_RPM (per token sub; 0 = none)
  int tool_rate_limit = 100;                      // TOOL_RATE_LIMIT (calls per minute per tool; 0 = none)
  int max_concurrent_calls_per_gateway = 0;       // MAX_CONCURRENT_CALLS_PER_GATEWAY (0 = no cap)
  int max_concurrent_wait_ms = 10000;             // MAX_CONCURRENT_WAIT_MS (wait for a free slot)

  // What stdio gateways may run on this host (registering one always needs an admin token)
  bool stdio_gateways_enabled = true;               // STDIO_GATEWAYS_ENABLED
  std::vector<std::string> stdio_allowed_commands;  // STDIO_ALLOWED_COMMANDS (first words; "" = any)
  // Where upstreams may be (SSRF): blocked beside link-local and cloud metadata networks, and
  // exceptions to every block; CIDR lists
  std::vector<std::string> ssrf_blocked_networks;  // SSRF_BLOCKED_NETWORKS
  std::vector<std::string> ssrf_allowed_networks;  // SSRF_ALLOWED_NETWORKS

  // The catalog of MCP servers (GET /catalog, POST /catalog/{id}/register)
  bool mcpgateway_catalog_enabled = true;           // MCPGATEWAY_CATALOG_ENABLED
  std::vector<std::string> mcpgateway_catalog_file;  // MCPGATEWAY_CATALOG_FILE (merged over the built-in one)
};

}  // namespace mcpgw::config
