#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/async/awaitable.hpp"
#include "core/http/client.hpp"
#include "core/http/destination_policy.hpp"
#include "core/jsonrpc/failure.hpp"
#include "core/limits/retry_policy.hpp"
#include "core/rest/jq_filter.hpp"
#include "core/rest/json_schema.hpp"
#include "core/store/records.hpp"

namespace mcpgw::rest {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

/// How a REST tool call ended: a CallToolResult (MCP 2025-11-25 §tools/call; isError for
/// failures of the API or of reaching it), or a JSON-RPC error for arguments the tool cannot
/// take (`failure` invalid_params, its message naming the failing path).
struct ToolOutcome {
  std::optional<jsonrpc::Failure> failure;
  std::string error_message;
  nlohmann::json result;  // {"content": [...], "isError"?, "structuredContent"?}
  /// Whether the API answered: `failed` when it could not be reached, timed out or answered
  /// 5xx (what a circuit breaker counts); `not_sent` when nothing went out (bad arguments,
  /// a refused destination).
  enum class Api { answered, failed, not_sent } api = Api::not_sent;
  int retries = 0;  // tries made again (connection failures before sending, 429/502/503/504)
  bool is_error() const { return failure.has_value() || (result.is_object() && result.value("isError", false)); }
};

/// Calls REST tools (store::Tool with integration_type "REST"), ContextForge's REST integration:
/// - arguments are checked against input_schema; `{name}` segments of the URL take their
///   argument (percent-encoded), query_mapping and header_mapping move arguments to query
///   parameters and headers under new names, and what remains goes as the query string for
///   GET and DELETE (RFC 9110 gives a DELETE body no meaning) and as a JSON body otherwise;
/// - the tool's headers, then its credentials, then mapped headers are sent;
/// - a 2xx JSON answer, filtered by jsonpath_filter (a jq program), becomes text content, and
///   structuredContent (checked against output_schema) when the tool declares one; 204 a short
///   text; other statuses and failures to reach the API an isError result with the status and
///   at most kExcerptBytes of the body.
/// Connections are kept alive per origin; every address is checked with the destination
/// policy before connecting. What is safe to send again is, under `retry`: a request whose
/// connection failed before it was written, and any request the API answered 429, 502, 503 or
/// 504 (after its Retry-After, when that is within the policy's longest delay). A call whose
/// caller's cancellation slot fires stops at once (its connection is closed).
/// Lives on the network executor.
class ToolCaller {
 public:
  ToolCaller(const asio::any_io_executor& ex, std::shared_ptr<const http::DestinationPolicy> destinations,
             std::chrono::milliseconds default_timeout, limits::RetryPolicy retry = {});

  /// `credentials` are the tool's decrypted auth headers. Never throws for what the API does.
  awaitable<ToolOutcome> call(const store::Tool& tool, const HeaderList& credentials, nlohmann::json arguments);

  void set_default_timeout(std::chrono::milliseconds timeout) { default_timeout_ = timeout; }

  /// "scheme://host[:port]" of a REST tool's URL: the API its circuit and call slots belong to.
  static std::string api_of(const store::Tool& tool);

  static constexpr std::size_t kExcerptBytes = 1024;
  static constexpr std::size_t kMaxAnswerBytes = 16 << 20;
  static constexpr std::size_t kIdlePerOrigin = 16;

 private:
  struct Schemas {
    store::Timestamp version{};
    std::shared_ptr<const JsonSchema> input, output;
    std::string input_problem, output_problem;
  };
  const Schemas& schemas_of(const store::Tool& tool);
  std::unique_ptr<http::ClientConnection> take(const http::Url& origin);
  void give_back(std::unique_ptr<http::ClientConnection> connection);
  awaitable<ToolOutcome> answer(const store::Tool& tool, unsigned status, std::string body);

  asio::any_io_executor ex_;
  std::shared_ptr<const http::DestinationPolicy> destinations_;
  std::chrono::milliseconds default_timeout_;
  limits::RetryPolicy retry_;
  JqRunner jq_;
  std::unordered_map<std::string, Schemas> schemas_;  // by tool id
  std::unordered_map<std::string, std::vector<std::unique_ptr<http::ClientConnection>>> idle_;  // by origin
};

/// Checks a REST tool's request fields as registration needs them: an http(s) URL of RFC 3986
/// characters (its `{name}` templates aside), a request type of GET, POST, PUT, PATCH or
/// DELETE, headers and mappings as objects of strings naming valid, unreserved headers, a
/// timeout of 1 ms to 10 min, a jq filter that compiles, and input/output schemas that
/// compile. Empty when fine, else what is wrong, naming the field.
std::string rest_tool_problem(const store::Tool& tool);

}  // namespace mcpgw::rest
