#include "core/auth/jwt.hpp"

#include "core/auth/base64url.hpp"
#include "core/jsonrpc/json_reader.hpp"

namespace mcpgw::auth {

std::optional<JwtParts> split_jwt(std::string_view token) {
  auto first = token.find('.');
  if (first == std::string_view::npos) return std::nullopt;
  auto second = token.find('.', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  if (token.find('.', second + 1) != std::string_view::npos) return std::nullopt;
  JwtParts parts;
  parts.header = token.substr(0, first);
  parts.payload = token.substr(first + 1, second - first - 1);
  parts.signature = token.substr(second + 1);
  parts.signing_input = token.substr(0, second);
  if (parts.header.empty() || parts.payload.empty()) return std::nullopt;
  return parts;
}

std::optional<Failure> decode_json_part(std::string_view part, std::string_view what, Json& out) {
  auto text = base64url_decode(part);
  if (!text) {
    return Failure{Reason::bad_encoding, "the " + std::string(what) + " is not base64url"};
  }
  jsonrpc::JsonError fault;
  out = jsonrpc::read_json(*text, &fault, /*reject_duplicate_keys=*/true);
  if (out.is_discarded()) {
    std::string why = fault.fault == jsonrpc::JsonFault::duplicate_key ? "repeats the member \"" + fault.key + "\""
                      : fault.fault == jsonrpc::JsonFault::too_deep     ? "is " + fault.describe()
                                                                        : "is not valid JSON";
    return Failure{Reason::bad_json, "the " + std::string(what) + " " + why};
  }
  if (!out.is_object()) {
    return Failure{Reason::bad_json, "the " + std::string(what) + " is not a JSON object"};
  }
  return std::nullopt;
}

std::string make_signing_input(const Json& header, const Json& payload) {
  return base64url_encode(header.dump()) + "." + base64url_encode(payload.dump());
}

std::optional<Failure> split_within_limit(std::string_view token, std::size_t max_bytes,
                                          JwtParts& parts) {
  if (token.size() > max_bytes) {
    return Failure{Reason::too_large, "the token is " + std::to_string(token.size()) +
                                          " bytes; the limit is " + std::to_string(max_bytes)};
  }
  auto split = split_jwt(token);
  if (!split) return Failure{Reason::malformed, "a JWT has three parts separated by dots"};
  parts = *split;
  return std::nullopt;
}

DecodedJwt decode_unverified(std::string_view token, std::size_t max_bytes) {
  DecodedJwt decoded;
  JwtParts parts;
  if (auto failure = split_within_limit(token, max_bytes, parts)) {
    decoded.failure = *failure;
  } else if (auto failure = decode_json_part(parts.header, "header", decoded.header)) {
    decoded.failure = *failure;
  } else if (auto failure = decode_json_part(parts.payload, "payload", decoded.payload)) {
    decoded.failure = *failure;
  } else if (auto signature = base64url_decode(parts.signature)) {
    decoded.signature = std::move(*signature);
  } else {
    decoded.failure = {Reason::bad_encoding, "the signature is not base64url"};
  }
  return decoded;
}

}  // namespace mcpgw::auth
