#include "core/auth/claims.hpp"

#include "core/error.hpp"
#include "core/jsonrpc/json_reader.hpp"

namespace mcpgw::auth {

namespace {

// ContextForge's default for a token that is not limited to a server or permissions.
Json unrestricted_scopes(Json permissions = Json::array()) {
  return {{"server_id", nullptr},
          {"permissions", std::move(permissions)},
          {"ip_restrictions", Json::array()},
          {"time_restrictions", Json::object()}};
}

std::string subject_of(const ClaimsSpec& spec) {
  if (!spec.subject.empty()) return spec.subject;
  // ContextForge: a payload with "username" but no "sub" gets sub = username.
  for (const char* name : {"sub", "username"}) {
    auto it = spec.extra.find(name);
    if (it != spec.extra.end() && it->is_string() && !it->get_ref<const std::string&>().empty()) {
      return it->get<std::string>();
    }
  }
  throw ConfigError("a token needs a subject: give --username (e.g. admin@example.com)");
}

std::string trim(std::string_view s) {
  auto begin = s.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return {};
  auto end = s.find_last_not_of(" \t");
  return std::string(s.substr(begin, end - begin + 1));
}

}  // namespace

Json build_claims(const ClaimsSpec& spec, std::chrono::system_clock::time_point now,
                  std::string_view jti, std::vector<std::string>* replaced) {
  if (spec.issuer.empty()) throw ConfigError("the issuer (--iss) cannot be empty");
  if (spec.audience.empty()) throw ConfigError("the audience (--aud) cannot be empty");
  if (spec.expires_in.count() < 0) throw ConfigError("the expiry (--exp) cannot be negative");
  if (!spec.extra.is_object()) throw ConfigError("extra claims must be a JSON object");

  std::string subject = subject_of(spec);
  auto iat = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();

  Json own = {{"sub", subject},       {"username", subject}, {"iss", spec.issuer},
              {"aud", spec.audience}, {"iat", iat},          {"jti", jti}};
  if (spec.expires_in.count() > 0) {
    own["exp"] = iat + std::chrono::duration_cast<std::chrono::seconds>(spec.expires_in).count();
  }
  if (spec.rich()) {
    own["user"] = {{"email", subject},
                   {"full_name", spec.full_name.value_or(subject)},
                   {"is_admin", spec.is_admin},
                   {"auth_provider", "cli"}};
    own["is_admin"] = spec.is_admin;
    own["teams"] = spec.teams.value_or(std::vector<std::string>{});
    own["scopes"] = spec.scopes.value_or(unrestricted_scopes());
  }

  Json claims = spec.extra;
  for (auto& [name, value] : own.items()) {
    // An equal value (such as the sub adopted from --data) is not a replacement.
    if (replaced && claims.contains(name) && claims[name] != value) replaced->push_back(name);
    claims[name] = value;
  }
  return claims;
}

Json parse_claim_data(std::string_view text) {
  auto first = text.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && (text[first] == '{' || text[first] == '[')) {
    Json parsed = jsonrpc::read_json(text);
    if (parsed.is_discarded()) throw ConfigError("--data is not valid JSON: " + std::string(text));
    if (!parsed.is_object()) {
      throw ConfigError("--data must be a JSON object, not " + std::string(parsed.type_name()));
    }
    return parsed;
  }
  Json claims = Json::object();
  std::size_t start = 0;
  while (start <= text.size()) {
    auto comma = text.find(',', start);
    auto pair = trim(text.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (!pair.empty()) {
      auto eq = pair.find('=');
      if (eq == std::string::npos || trim(std::string_view(pair).substr(0, eq)).empty()) {
        throw ConfigError("--data: \"" + pair + "\" is not key=value (or pass a JSON object)");
      }
      claims[trim(std::string_view(pair).substr(0, eq))] =
          trim(std::string_view(pair).substr(eq + 1));
    }
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  if (claims.empty()) throw ConfigError("--data holds no claims");
  return claims;
}

Json parse_scopes(std::string_view text) {
  Json parsed = jsonrpc::read_json(text);
  if (parsed.is_object()) return parsed;
  if (parsed.is_array()) {
    for (const auto& p : parsed) {
      if (!p.is_string()) throw ConfigError("--scopes: permissions must be strings");
    }
    return unrestricted_scopes(parsed);
  }
  throw ConfigError(
      "--scopes must be a JSON object or an array of permissions, e.g. "
      "'[\"tools.read\"]'");
}

}  // namespace mcpgw::auth
