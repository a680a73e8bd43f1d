#include "core/config/settings_validation.hpp"

#include <algorithm>
#include <array>

#include "core/auth/algorithm.hpp"
#include "core/config/database_url.hpp"
#include "core/error.hpp"
#include "core/http/destination_policy.hpp"
#include "core/http/origin_check.hpp"
#include "core/protocol/revision.hpp"

namespace mcpgw::config {
namespace {

[[noreturn]] void fail(const SettingsDraft& draft, std::string_view key, const std::string& why) {
  throw ConfigError(draft.origin_of(key) + ": " + why);
}

void check_secret(const SettingsDraft& draft, std::string_view key, const std::string& secret) {
  if (secret.empty() || secret.size() >= kMinSecretBytes) return;
  fail(draft, key,
       "a secret must be at least " + std::to_string(kMinSecretBytes) + " bytes (this one has " +
           std::to_string(secret.size()) +
           "); make one with `openssl rand -hex 32`, or leave it empty to have one generated");
}

void check_jwt(const SettingsDraft& draft) {
  const Settings& s = draft.settings;
  auto algorithm = auth::parse_algorithm(s.jwt_algorithm);
  if (!algorithm) {
    fail(draft, "jwt_algorithm",
         "unknown JWT algorithm '" + s.jwt_algorithm + "' (expected one of " +
             auth::algorithm_names(auth::all_algorithms()) + ")");
  }
  if (auth::family_of(*algorithm) == auth::AlgorithmFamily::hmac) {
    check_secret(draft, "jwt_secret_key", s.jwt_secret_key);
  } else if (s.jwt_public_key_path.empty()) {
    fail(draft, "jwt_algorithm",
         s.jwt_algorithm + " verifies with a public key: set JWT_PUBLIC_KEY_PATH");
  }
}

void check_auth(const SettingsDraft& draft) {
  const Settings& s = draft.settings;
  if (!s.auth_required && !http::is_loopback_name(s.host) &&
      !http::is_loopback_name(http::host_of(s.host))) {
    fail(draft, "auth_required",
         "authentication is off while listening on " + s.host + " (" + draft.origin_of("host") +
             "), so anyone who can reach it could use every upstream; turn AUTH_REQUIRED back on "
             "or listen on 127.0.0.1");
  }
  if (s.api_allow_basic_auth && (s.basic_auth_user.empty() || s.basic_auth_password.empty())) {
    fail(draft, "api_allow_basic_auth",
         "Basic auth is allowed but BASIC_AUTH_USER or BASIC_AUTH_PASSWORD is empty");
  }
  check_secret(draft, "auth_encryption_secret", s.auth_encryption_secret);
}

void check_federation(const SettingsDraft& draft) {
  const Settings& s = draft.settings;
  constexpr std::array<std::string_view, 5> kSeparators = {"-", "--", "_", "__", "."};
  if (std::find(kSeparators.begin(), kSeparators.end(), s.gateway_tool_name_separator) ==
      kSeparators.end()) {
    fail(draft, "gateway_tool_name_separator",
         "expected one of -, --, _, __ or . (not '" + s.gateway_tool_name_separator + "')");
  }
  auto check_networks = [&draft](std::string_view key, const std::vector<std::string>& networks) {
    for (const auto& n : networks)
      if (!http::parse_network(n))
        fail(draft, key, "'" + n + "' is not a network in CIDR notation (like 10.0.0.0/8 or fd00::/8)");
  };
  check_networks("ssrf_blocked_networks", s.ssrf_blocked_networks);
  check_networks("ssrf_allowed_networks", s.ssrf_allowed_networks);
  if (!protocol::is_known(s.protocol_version)) {
    std::string known;
    for (auto r : protocol::kRevisions) known += (known.empty() ? "" : ", ") + std::string(r);
    fail(draft, "protocol_version",
         "unknown MCP protocol version '" + s.protocol_version + "' (expected one of " + known +
             ")");
  }
}

void check_listening(const SettingsDraft& draft) {
  const Settings& s = draft.settings;
  if (s.host.empty()) fail(draft, "host", "expected an address to listen on");
  const std::string& root = s.app_root_path;
  if (!root.empty() && (root.front() != '/' || root.back() == '/')) {
    fail(draft, "app_root_path", "expected \"\" or a path like /gateway (no trailing slash)");
  }
}

void check_database(const SettingsDraft& draft) {
  std::string error;
  auto url = parse_database_url(draft.settings.database_url, error);
  if (!url) fail(draft, "database_url", error);
  if (url->backend == DatabaseUrl::Backend::postgresql) {
    fail(draft, "database_url",
         "PostgreSQL is not supported yet; use sqlite:///path (the default is "
         "sqlite:///./mcp.db)");
  }
}

}  // namespace

void validate(const SettingsDraft& draft) {
  check_listening(draft);
  check_database(draft);
  check_auth(draft);
  check_jwt(draft);
  check_federation(draft);
}

}  // namespace mcpgw::config
