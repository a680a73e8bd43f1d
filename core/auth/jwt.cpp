#include "core/auth/jwt.hpp"

#include <set>
#include <vector>

#include "core/auth/base64url.hpp"

namespace mcpgw::auth {

namespace {

class DuplicateKey : public std::exception {
 public:
  explicit DuplicateKey(std::string key) : key_(std::move(key)) {}
  const std::string& key() const { return key_; }
  const char* what() const noexcept override { return "duplicate key"; }

 private:
  std::string key_;
};

// Parses `text` as JSON, throwing DuplicateKey when an object repeats a member name.
Json parse_without_duplicates(std::string_view text) {
  std::vector<std::set<std::string>> seen;
  auto callback = [&seen](int, Json::parse_event_t event, Json& parsed) {
    switch (event) {
      case Json::parse_event_t::object_start:
        seen.emplace_back();
        break;
      case Json::parse_event_t::object_end:
        seen.pop_back();
        break;
      case Json::parse_event_t::key: {
        auto key = parsed.get<std::string>();
        if (!seen.back().insert(key).second) throw DuplicateKey(key);
        break;
      }
      default:
        break;
    }
    return true;
  };
  return Json::parse(text.begin(), text.end(), callback);
}

}  // namespace

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
  try {
    out = parse_without_duplicates(*text);
  } catch (const DuplicateKey& e) {
    return Failure{Reason::bad_json,
                   "the " + std::string(what) + " repeats the member \"" + e.key() + "\""};
  } catch (const Json::exception&) {
    return Failure{Reason::bad_json, "the " + std::string(what) + " is not valid JSON"};
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
