#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/auth/verifier.hpp"

namespace mcpgw::gateway {

struct RequestAuthOptions {
  bool required = true;
  std::string basic_user;      // BASIC_AUTH_USER
  std::string basic_password;  // BASIC_AUTH_PASSWORD; "" = basic auth off
  bool basic_for_api = false;  // API_ALLOW_BASIC_AUTH: basic auth accepted on the REST API
};

/// Decides whether a request may go on: a bearer JWT the Verifier accepts, or (REST API only,
/// when allowed) HTTP basic auth. Secrets are compared in constant time and never logged.
class RequestAuth {
 public:
  RequestAuth(std::unique_ptr<auth::Verifier> verifier, RequestAuthOptions options);

  /// Empty when the request is allowed; otherwise why not, for the 401 body.
  std::string check(std::string_view authorization, bool admin_api) const;
  bool required() const { return options_.required; }

 private:
  std::unique_ptr<auth::Verifier> verifier_;
  RequestAuthOptions options_;
};

}  // namespace mcpgw::gateway
