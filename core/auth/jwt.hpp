#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/auth/defaults.hpp"
#include "core/auth/reason.hpp"

namespace mcpgw::auth {

using Json = nlohmann::json;

/// A reason with its human-readable detail.
struct Failure {
  Reason reason = Reason::ok;
  std::string message;
};

/// The parts of a JWS compact serialization (RFC 7515 §7.1), as views into the token text.
struct JwtParts {
  std::string_view header;
  std::string_view payload;
  std::string_view signature;
  std::string_view signing_input;  // header "." payload: what the signature covers
};

/// Exactly three dot-separated parts, header and payload non-empty; nullopt otherwise.
std::optional<JwtParts> split_jwt(std::string_view token);

/// The size check, then split_jwt: a too_large or malformed Failure, or nullopt with `parts` set.
std::optional<Failure> split_within_limit(std::string_view token, std::size_t max_bytes,
                                          JwtParts& parts);

/// Decodes one base64url part that must hold a JSON object. A repeated member name is an error
/// (RFC 7519 §4: we reject rather than guess which "alg" or "exp" was meant).
/// `what` names the part in messages ("header").
std::optional<Failure> decode_json_part(std::string_view part, std::string_view what, Json& out);

/// base64url(header) "." base64url(payload), each serialized compactly.
std::string make_signing_input(const Json& header, const Json& payload);

/// A token taken apart without verifying anything but its form: for `mcpgw token decode`.
struct DecodedJwt {
  Failure failure;  // reason ok when decoded
  Json header;
  Json payload;
  std::string signature;  // raw bytes
  bool ok() const { return failure.reason == Reason::ok; }
};

DecodedJwt decode_unverified(std::string_view token, std::size_t max_bytes = kMaxTokenBytes);

}  // namespace mcpgw::auth
