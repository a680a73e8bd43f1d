#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/gateway/catalog_view.hpp"
#include "core/limits/rate_limiter.hpp"

namespace mcpgw::http {
class Exchange;
}

namespace mcpgw::gateway {

struct RateLimitOptions {
  bool enabled = false;    // RATE_LIMITING_ENABLED
  int per_user_rpm = 600;  // RATE_LIMIT_PER_USER_RPM (0 = none)
  int per_tool_rpm = 100;  // TOOL_RATE_LIMIT (0 = none); a tool's rate_limit wins
};

/// Rate limits on calls (tools/call, resources/read, prompts/get), checked where a request
/// enters serve, before anything is parsed further or sent: per user (the token's subject) and
/// per tool (all users together). A call must fit both; only an admitted call is counted, so a
/// refused one costs nothing. Lives on the network executor.
class CallAdmission {
 public:
  explicit CallAdmission(RateLimitOptions options) : options_(options) {}

  bool enabled() const { return options_.enabled; }
  /// Whether `method` is a call that rate limits count.
  static bool counted(std::string_view method) {
    return method == "tools/call" || method == "resources/read" || method == "prompts/get";
  }

  /// The outcome for one call; when allowed, the limit closest to refusing.
  struct Decision {
    bool allowed = true;
    std::string scope;  // "user" or "tool": the limit that decided
    limits::RateDecision limit;
    bool limited = false;  // some limit applied at all
  };
  /// Checks and counts one call by `subject`; `tool` is the tools/call target (nullptr otherwise).
  Decision admit(const std::string& subject, const store::Tool* tool);
  /// Admits every counted call in a JSON-RPC message or batch sent to scope `server_id`. Not
  /// allowed as soon as one is refused (the calls before it stay counted).
  Decision admit_message(const std::string& subject, const nlohmann::json& message, const CatalogView& view,
                         const std::string& server_id);
  /// The same for a request body as it came. A single request is read without building a
  /// document (only its method, id and tool name are looked at); a batch is parsed. `parsed`
  /// receives the document when one was built.
  Decision admit_body(const std::string& subject, std::string_view body, const CatalogView& view,
                      const std::string& server_id, nlohmann::json& parsed);

  /// Retry-After (refused), RateLimit-Policy and RateLimit (RFC draft-ietf-httpapi-ratelimit-headers).
  static void add_headers(http::Exchange& exchange, const Decision& decision);
  /// The JSON-RPC error for a refused call with id `id`: code -32005, data.retryAfterSeconds.
  static nlohmann::json error(const nlohmann::json& id, const Decision& decision);
  /// The answer to a refused message: one error, or one per request of a batch.
  static nlohmann::json refusal(const nlohmann::json& message, const Decision& decision);

  std::string metrics() const;

 private:
  RateLimitOptions options_;
  limits::RateLimiter limiter_;
  std::uint64_t refused_user_ = 0, refused_tool_ = 0;
};

}  // namespace mcpgw::gateway
