#pragma once

#include <string_view>

namespace mcpgw::auth {

/// Why a token was not accepted. `ok` means it was.
enum class Reason {
  ok,
  too_large,           // longer than the configured limit
  malformed,           // not three dot-separated parts
  bad_encoding,        // a part that is not strict base64url
  bad_json,            // a header or payload that is not one JSON object (or repeats a name)
  bad_header,          // a typ other than JWT, a crit we cannot honour, a missing alg
  algorithm_rejected,  // alg "none", unknown, not allowed, or not the key's kind
  bad_signature,       // the signature does not match header, payload and key
  bad_claim,           // a registered claim of the wrong type (exp as a string, ...)
  missing_claim,       // a required claim is absent
  expired,             // exp has passed (beyond the leeway)
  not_yet_valid,       // nbf is still ahead (beyond the leeway)
  wrong_issuer,        // iss differs from the configured issuer
  wrong_audience,      // aud does not name the configured audience
  revoked,             // the revocation hook knows its jti
};

/// The snake_case name, as printed by `mcpgw token verify -o json`.
std::string_view reason_name(Reason reason);

}  // namespace mcpgw::auth
