#include "core/gateway/request_auth.hpp"

#include <openssl/crypto.h>

namespace mcpgw::gateway {

namespace {

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(text[i])) != std::tolower(static_cast<unsigned char>(prefix[i])))
      return false;
  return true;
}

std::string base64_decode(std::string_view in) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : in) {
    if (c == '=') break;
    int v = value(c);
    if (v < 0) return {};
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  return out;
}

Caller refused(std::string why) { return {std::move(why), {}, false}; }

bool same(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

RequestAuth::RequestAuth(auth::VerifierConfig config, RequestAuthOptions options) : options_(std::move(options)) {
  // Only the network thread verifies, so the set needs no lock.
  config.is_revoked = [this](std::string_view jti) { return revoked_.count(std::string(jti)) != 0; };
  verifier_ = std::make_unique<auth::Verifier>(std::move(config));
}

void RequestAuth::revoke(const std::string& jti) {
  revoked_.insert(jti);
  verified_.clear();  // a remembered token may carry that jti
}

void RequestAuth::load_revoked(std::vector<std::string> jtis) {
  for (auto& jti : jtis) revoked_.insert(std::move(jti));
  verified_.clear();
}

bool admin_claims(const auth::Json& claims) {
  auto flag = [](const auth::Json& object) {
    auto it = object.find("is_admin");
    return it != object.end() && it->is_boolean() && it->get<bool>();
  };
  if (!claims.is_object()) return false;
  if (flag(claims)) return true;
  auto user = claims.find("user");
  return user != claims.end() && user->is_object() && flag(*user);
}

Caller RequestAuth::identify(std::string_view authorization, bool admin_api) const {
  // ContextForge: with auth off there is no identity, and everyone may administer.
  if (!options_.required) return {{}, {}, true};
  if (authorization.empty()) return refused("Not authenticated: send Authorization: Bearer <token> (mcpgw token mints one)");
  if (starts_with_nocase(authorization, "bearer ")) {
    std::string_view token = authorization.substr(7);
    while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
    auto now = Clock::now();
    if (auto hit = verified_.find(std::string(token)); hit != verified_.end()) {
      if (now < hit->second.until) return {{}, hit->second.subject, hit->second.admin};
      verified_.erase(hit);
    }
    auto result = verifier_->verify(token);
    if (!result.ok()) return refused("Invalid token: " + result.message);
    Verified who{now + kCacheFor, {}, admin_claims(result.claims)};
    if (auto sub = result.claims.find("sub"); sub != result.claims.end() && sub->is_string())
      who.subject = sub->get<std::string>();
    if (auto exp = result.claims.find("exp"); exp != result.claims.end() && exp->is_number()) {
      auto expires = Clock::time_point(std::chrono::seconds(exp->get<std::int64_t>()));
      if (expires < who.until) who.until = expires;
    }
    if (verified_.size() >= kCacheEntries) verified_.clear();  // crude, and rare: tokens are few
    Caller caller{{}, who.subject, who.admin};
    verified_.emplace(std::string(token), std::move(who));
    return caller;
  }
  if (starts_with_nocase(authorization, "basic ")) {
    if (!admin_api || !options_.basic_for_api || options_.basic_password.empty())
      return refused("Basic authentication is not accepted here: use a bearer token");
    std::string pair = base64_decode(authorization.substr(6));
    auto colon = pair.find(':');
    if (colon == std::string::npos) return refused("Invalid basic credentials");
    bool user_ok = same(std::string_view(pair).substr(0, colon), options_.basic_user);
    bool password_ok = same(std::string_view(pair).substr(colon + 1), options_.basic_password);
    if (user_ok && password_ok) return {{}, options_.basic_user, true};
    return refused("Invalid basic credentials");
  }
  return refused("Unsupported authorization scheme: use Bearer");
}

}  // namespace mcpgw::gateway
