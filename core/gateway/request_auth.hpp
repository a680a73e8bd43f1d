#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/auth/verifier.hpp"

namespace mcpgw::gateway {

struct RequestAuthOptions {
  bool required = true;
  std::string basic_user;      // BASIC_AUTH_USER
  std::string basic_password;  // BASIC_AUTH_PASSWORD; "" = basic auth off
  bool basic_for_api = false;  // API_ALLOW_BASIC_AUTH: basic auth accepted on the REST API
};

/// Who sent a request, as RequestAuth found out: refused (`error` says why), or a subject
/// (the token's sub, or the basic-auth user; "" with auth off) and whether it is an admin.
struct Caller {
  std::string error;
  std::string subject;
  bool admin = false;
  bool allowed() const { return error.empty(); }
};

/// Whether verified token claims make an administrator: `is_admin` true at the top level or in
/// `user` (the rich token `mcpgw token --admin` mints, as ContextForge's).
bool admin_claims(const auth::Json& claims);

/// Decides whether a request may go on: a bearer JWT the Verifier accepts, or (REST API only,
/// when allowed) HTTP basic auth. Secrets are compared in constant time and never logged.
/// A verified token is remembered until its exp (at most kCacheFor), so a client that sends the
/// same token with every call pays for the signature check once. Use from one thread.
class RequestAuth {
 public:
  /// Builds the Verifier from `config`, with revocation checked against this object's list.
  RequestAuth(auth::VerifierConfig config, RequestAuthOptions options);
  RequestAuth(const RequestAuth&) = delete;
  RequestAuth& operator=(const RequestAuth&) = delete;

  /// Tokens with this jti are refused from now on (the caller stores the revocation).
  void revoke(const std::string& jti);
  void load_revoked(std::vector<std::string> jtis);

  /// The caller of a request with this Authorization header. With auth off every caller is an
  /// admin without a subject; the basic-auth user is an admin.
  Caller identify(std::string_view authorization, bool admin_api) const;
  /// Empty when the request is allowed; otherwise why not, for the 401 body.
  std::string check(std::string_view authorization, bool admin_api) const {
    return identify(authorization, admin_api).error;
  }
  bool required() const { return options_.required; }

 static constexpr std::size_t kCacheEntries = 1024;
  static constexpr std::chrono::seconds kCacheFor{60};

 private:
  using Clock = std::chrono::system_clock;

  std::unique_ptr<auth::Verifier> verifier_;
  RequestAuthOptions options_;
  struct Verified {
    Clock::time_point until;
    std::string subject;
    bool admin = false;
  };
  mutable std::unordered_map<std::string, Verified> verified_;  // token → who, until when
  std::unordered_set<std::string> revoked_;
};

}  // namespace mcpgw::gateway
