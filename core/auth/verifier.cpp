#include "core/auth/verifier.hpp"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <sstream>

#include "core/auth/base64url.hpp"
#include "core/error.hpp"

namespace mcpgw::auth {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

std::string utc_time(double seconds) {
  // A claim may hold any JSON number: converting one past time_t's range is undefined
  // behaviour, so only ±1e15 s (some 30 million years) become a date.
  if (!(seconds > -1e15 && seconds < 1e15)) {
    std::ostringstream out;
    out << seconds << " s after 1970-01-01T00:00:00Z";
    return out.str();
  }
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  char buf[32] = "?";
  if (gmtime_r(&t, &tm) != nullptr) std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

VerifyResult reject(const Failure& failure) {
  VerifyResult result;
  result.reason = failure.reason;
  result.message = failure.message;
  return result;
}

}  // namespace

Verifier::Verifier(VerifierConfig config) : config_(std::move(config)) {
  if (config_.algorithms.empty()) config_.algorithms = algorithms_for(config_.key);
  if (config_.algorithms.empty()) {
    throw ConfigError(key_mismatch(Algorithm::hs256, config_.key).value_or("no usable key"));
  }
  for (auto algorithm : config_.algorithms) {
    if (auto why = key_mismatch(algorithm, config_.key)) throw ConfigError(*why);
  }
  if (config_.max_token_bytes == 0) throw ConfigError("the token size limit must be positive");
  if (config_.leeway.count() < 0) throw ConfigError("the leeway cannot be negative");
  if (!config_.clock) config_.clock = [] { return std::chrono::system_clock::now(); };
  required_ = config_.required_claims;
  if (config_.require_exp) required_.emplace_back("exp");
  if (config_.require_jti) required_.emplace_back("jti");
  if (!config_.issuer.empty()) required_.emplace_back("iss");
  if (!config_.audience.empty()) required_.emplace_back("aud");
}

VerifyResult Verifier::verify(std::string_view token) const {
  JwtParts parts;
  if (auto failure = split_within_limit(token, config_.max_token_bytes, parts)) {
    return reject(*failure);
  }

  VerifyResult result;
  if (auto failure = decode_json_part(parts.header, "header", result.header)) {
    return reject(*failure);
  }
  Algorithm algorithm{};
  if (auto failure = check_header(result.header, algorithm)) return reject(*failure);

  // The signature is checked before the payload is parsed: unsigned input gets no further.
  auto signature = base64url_decode(parts.signature);
  if (!signature) return reject({Reason::bad_encoding, "the signature is not base64url"});
  if (!verify_bytes(algorithm, config_.key, parts.signing_input, *signature)) {
    return reject(
        {Reason::bad_signature, "the signature does not match (wrong key, or an altered token)"});
  }

  if (auto failure = decode_json_part(parts.payload, "payload", result.claims)) {
    return reject(*failure);
  }
  if (auto failure = check_claims(result.claims)) return reject(*failure);
  return result;
}

std::optional<Failure> Verifier::check_header(const Json& header, Algorithm& algorithm) const {
  auto alg = header.find("alg");
  if (alg == header.end() || !alg->is_string()) {
    return Failure{Reason::bad_header, "the header has no \"alg\" string"};
  }
  const auto& name = alg->get_ref<const std::string&>();
  if (iequals(name, "none")) {
    return Failure{Reason::algorithm_rejected,
                   "alg \"none\" (an unsigned token) is never accepted"};
  }
  auto parsed = parse_algorithm(name);
  if (!parsed) return Failure{Reason::algorithm_rejected, "unknown algorithm \"" + name + "\""};
  if (std::find(config_.algorithms.begin(), config_.algorithms.end(), *parsed) ==
      config_.algorithms.end()) {
    return Failure{Reason::algorithm_rejected, name + " is not accepted here (allowed: " +
                                                   algorithm_names(config_.algorithms) + ")"};
  }
  // RFC 7519 §5.1: typ is optional; when present it must say JWT (compared case-insensitively).
  if (auto typ = header.find("typ"); typ != header.end()) {
    if (!typ->is_string() || !iequals(typ->get_ref<const std::string&>(), "JWT")) {
      return Failure{Reason::bad_header, "the header's typ is " + typ->dump() + ", not \"JWT\""};
    }
  }
  // RFC 7515 §4.1.11: extensions marked critical must be understood; we implement none.
  if (header.contains("crit")) {
    return Failure{Reason::bad_header,
                   "the header lists critical extensions (crit), which mcpgw does not implement"};
  }
  algorithm = *parsed;
  return std::nullopt;
}

std::optional<Failure> Verifier::check_claims(const Json& claims) const {
  for (const char* name : {"exp", "nbf", "iat"}) {
    auto it = claims.find(name);
    if (it != claims.end() && !it->is_number()) {
      return Failure{Reason::bad_claim, std::string("the \"") + name + "\" claim is not a number"};
    }
  }
  if (auto jti = claims.find("jti");
      jti != claims.end() && (!jti->is_string() || jti->get_ref<const std::string&>().empty())) {
    return Failure{Reason::bad_claim, "the \"jti\" claim is not a non-empty string"};
  }
  for (const auto& name : required_) {
    if (!claims.contains(name)) {
      return Failure{Reason::missing_claim, "the token has no \"" + name + "\" claim"};
    }
  }
  if (auto failure = check_times(claims)) return failure;
  if (!config_.issuer.empty()) {
    const auto& iss = claims["iss"];
    if (!iss.is_string() || iss.get_ref<const std::string&>() != config_.issuer) {
      return Failure{Reason::wrong_issuer,
                     "the issuer is " + iss.dump() + ", not \"" + config_.issuer + "\""};
    }
  }
  if (auto failure = check_audience(claims)) return failure;
  if (config_.is_revoked) {
    if (auto jti = claims.find("jti");
        jti != claims.end() && config_.is_revoked(jti->get_ref<const std::string&>())) {
      return Failure{Reason::revoked,
                     "the token (jti " + jti->get_ref<const std::string&>() + ") has been revoked"};
    }
  }
  return std::nullopt;
}

std::optional<Failure> Verifier::check_times(const Json& claims) const {
  using namespace std::chrono;
  double now = duration<double>(config_.clock().time_since_epoch()).count();
  auto leeway = static_cast<double>(config_.leeway.count());
  auto slack = [this] { return " (leeway " + std::to_string(config_.leeway.count()) + " s)"; };
  // RFC 7519 §4.1.4: the token must not be accepted on or after exp.
  if (auto exp = claims.find("exp"); exp != claims.end() && now >= exp->get<double>() + leeway) {
    return Failure{Reason::expired,
                   "the token expired at " + utc_time(exp->get<double>()) + slack()};
  }
  // §4.1.5: nor before nbf.
  if (auto nbf = claims.find("nbf"); nbf != claims.end() && now + leeway < nbf->get<double>()) {
    return Failure{Reason::not_yet_valid,
                   "the token is not valid before " + utc_time(nbf->get<double>()) + slack()};
  }
  return std::nullopt;
}

std::optional<Failure> Verifier::check_audience(const Json& claims) const {
  if (config_.audience.empty()) return std::nullopt;
  // §4.1.3: aud is one string or an array of strings.
  const auto& aud = claims["aud"];
  if (aud.is_string()) {
    if (aud.get_ref<const std::string&>() == config_.audience) return std::nullopt;
  } else if (aud.is_array()) {
    bool found = false;
    for (const auto& entry : aud) {
      if (!entry.is_string()) {
        return Failure{Reason::bad_claim, "the \"aud\" array holds a non-string"};
      }
      found = found || entry.get_ref<const std::string&>() == config_.audience;
    }
    if (found) return std::nullopt;
  } else {
    return Failure{Reason::bad_claim, "the \"aud\" claim is neither a string nor an array"};
  }
  return Failure{Reason::wrong_audience,
                 "the audience " + aud.dump() + " does not include \"" + config_.audience + "\""};
}

}  // namespace mcpgw::auth
