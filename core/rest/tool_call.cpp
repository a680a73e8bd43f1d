#include "core/rest/tool_call.hpp"

#include <algorithm>
#include <regex>

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <boost/url/url.hpp>

#include "core/error.hpp"
#include "core/http/header_field.hpp"
#include "core/jsonrpc/failure.hpp"
#include "core/jsonrpc/json_reader.hpp"
#include "core/jsonrpc/message.hpp"
#include "core/log/logger.hpp"

namespace mcpgw::rest {

using nlohmann::json;
namespace bhttp = boost::beast::http;

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

/// An argument as it goes into a URL or header: strings as they are, everything else as JSON.
std::string scalar_text(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

/// Headers that frame the request or carry the gateway's own credentials: no argument may set them.
bool reserved_header(const std::string& name) {
  static const char* const kReserved[] = {"host", "content-length", "transfer-encoding", "connection", "upgrade",
                                          "te", "trailer", "keep-alive", "proxy-authorization", "authorization",
                                          "cookie", "content-type", "expect"};
  const std::string l = lower(name);
  return std::any_of(std::begin(kReserved), std::end(kReserved), [&](const char* r) { return l == r; }) ||
         l.starts_with("proxy-");
}

const std::regex& template_pattern() {
  static const std::regex pattern(R"(\{([A-Za-z0-9_]+)\})");
  return pattern;
}

std::string problem_of_object_of_strings(const json& j, const char* what, bool header_values) {
  if (!j.is_object()) return std::string(what) + " must be an object of strings";
  for (const auto& [k, v] : j.items()) {
    if (!v.is_string()) return std::string(what) + " must be an object of strings";
    if (header_values && (!http::is_header_name(k) || !http::is_header_value(v.get_ref<const std::string&>())))
      return std::string(what) + ": '" + k + "' is not a valid header";
  }
  return {};
}

/// `text` with every byte sequence that is not UTF-8 replaced by U+FFFD: an API's body may be
/// any bytes, and a JSON string may not.
std::string valid_utf8(std::string text) {
  const std::string dumped = json(std::move(text)).dump(-1, ' ', false, json::error_handler_t::replace);
  return json::parse(dumped).get<std::string>();
}

std::string excerpt(const std::string& raw) {
  const std::string body = valid_utf8(raw);
  if (body.size() <= ToolCaller::kExcerptBytes) return body;
  std::size_t cut = ToolCaller::kExcerptBytes;
  while (cut > 0 && (static_cast<unsigned char>(body[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 character
  return body.substr(0, cut) + "…";
}

json text_result(std::string text, bool is_error) {
  json r = {{"content", json::array({{{"type", "text"}, {"text", std::move(text)}}})}};
  if (is_error) r["isError"] = true;
  return r;
}

ToolOutcome success(json result) {
  ToolOutcome out;
  out.result = std::move(result);
  return out;
}

ToolOutcome failure(std::string text) { return success(text_result(std::move(text), true)); }

ToolOutcome invalid_params(std::string message) {
  ToolOutcome out;
  out.failure = jsonrpc::Failure::invalid_params;
  out.error_message = std::move(message);
  return out;
}

bool idempotent(bhttp::verb v) { return v == bhttp::verb::get || v == bhttp::verb::put || v == bhttp::verb::delete_; }

}  // namespace

std::string rest_tool_problem(const store::Tool& tool) {
  if (tool.url.empty()) return "url is required for a REST tool";
  if (tool.url.size() > 2048) return "url is longer than 2048 characters";
  const std::string concrete = std::regex_replace(tool.url, template_pattern(), "x");
  if (!(tool.url.starts_with("http://") || tool.url.starts_with("https://")) || !http::parse_url(concrete))
    return "url must be an http:// or https:// URL of RFC 3986 characters ({name} templates aside)";
  static const char* const kMethods[] = {"GET", "POST", "PUT", "PATCH", "DELETE"};
  if (std::none_of(std::begin(kMethods), std::end(kMethods), [&](const char* m) { return tool.request_type == m; }))
    return "request_type must be GET, POST, PUT, PATCH or DELETE";
  if (auto p = problem_of_object_of_strings(tool.headers, "headers", true); !p.empty()) return p;
  if (auto p = problem_of_object_of_strings(tool.query_mapping, "query_mapping", false); !p.empty()) return p;
  if (auto p = problem_of_object_of_strings(tool.header_mapping, "header_mapping", false); !p.empty()) return p;
  for (const auto& [argument, header] : tool.header_mapping.items()) {
    const std::string& name = header.get_ref<const std::string&>();
    if (!http::is_header_name(name)) return "header_mapping: '" + name + "' is not a valid header name";
    if (reserved_header(name)) return "header_mapping: an argument may not set " + name;
  }
  if (tool.timeout_ms && (*tool.timeout_ms < 1 || *tool.timeout_ms > 600000))
    return "timeout_ms must be between 1 and 600000";
  if (!tool.jsonpath_filter.empty())
    if (auto p = jq_problem(tool.jsonpath_filter); !p.empty()) return "jsonpath_filter: " + p;
  std::string problem;
  if (!JsonSchema::compile(tool.input_schema, problem)) return "input_schema: " + problem;
  if (!tool.output_schema.is_null() && !JsonSchema::compile(tool.output_schema, problem))
    return "output_schema: " + problem;
  return {};
}

ToolCaller::ToolCaller(const asio::any_io_executor& ex, std::shared_ptr<const http::DestinationPolicy> destinations,
                       std::chrono::milliseconds default_timeout, limits::RetryPolicy retry)
    : ex_(ex), destinations_(std::move(destinations)), default_timeout_(default_timeout), retry_(retry) {}

std::string ToolCaller::api_of(const store::Tool& tool) {
  const std::string& url = tool.url;
  auto scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  auto path = url.find_first_of("/?#", scheme + 3);
  return lower(url.substr(0, path));
}

const ToolCaller::Schemas& ToolCaller::schemas_of(const store::Tool& tool) {
  if (schemas_.size() > 16384 && !schemas_.count(tool.id)) schemas_.clear();  // deleted tools' entries
  auto& s = schemas_[tool.id];
  if (s.version != tool.updated_at || (!s.input && s.input_problem.empty())) {
    s = Schemas{};
    s.version = tool.updated_at;
    s.input = JsonSchema::compile(tool.input_schema, s.input_problem);
    if (!tool.output_schema.is_null()) s.output = JsonSchema::compile(tool.output_schema, s.output_problem);
  }
  return s;
}

std::unique_ptr<http::ClientConnection> ToolCaller::take(const http::Url& origin) {
  auto& idle = idle_[origin.origin()];
  if (idle.empty()) return std::make_unique<http::ClientConnection>(ex_, origin, destinations_);
  auto c = std::move(idle.back());
  idle.pop_back();
  return c;
}

void ToolCaller::give_back(std::unique_ptr<http::ClientConnection> connection) {
  if (!connection->reusable()) return;
  auto& idle = idle_[connection->origin().origin()];
  if (idle.size() < kIdlePerOrigin) idle.push_back(std::move(connection));
}

awaitable<ToolOutcome> ToolCaller::call(const store::Tool& tool, const HeaderList& credentials, json arguments) {
  if (arguments.is_null()) arguments = json::object();
  if (!arguments.is_object()) co_return invalid_params("arguments must be an object");
  const Schemas& schemas = schemas_of(tool);
  if (!schemas.input) co_return failure("the tool's input_schema cannot be used: " + schemas.input_problem);
  if (std::string v = schemas.input->violation(arguments); !v.empty())
    co_return invalid_params("Invalid arguments for tool '" + tool.name + "': " + v);
  // Each argument goes to one place: the path, a mapped query parameter or header, or the rest.
  json rest = arguments;
  std::string url;
  std::string missing;
  {
    const std::string& t = tool.url;
    std::sregex_iterator it(t.begin(), t.end(), template_pattern()), end;
    std::size_t copied = 0;
    for (; it != end; ++it) {
      const std::string name = (*it)[1].str();
      url.append(t, copied, static_cast<std::size_t>(it->position()) - copied);
      copied = static_cast<std::size_t>(it->position() + it->length());
      auto found = rest.find(name);
      if (found == rest.end() || found->is_null()) {
        if (missing.empty()) missing = name;
        continue;
      }
      url += boost::urls::encode(scalar_text(*found), boost::urls::unreserved_chars);
      rest.erase(found);
    }
    url.append(t, copied);
  }
  if (!missing.empty()) co_return invalid_params("Invalid arguments for tool '" + tool.name + "': /" + missing +
                                                 ": the URL needs this argument");
  auto parsed_uri = boost::urls::parse_uri(url);
  if (!parsed_uri) co_return failure("the tool's URL is not a valid URL: " + url);
  boost::urls::url target = *parsed_uri;
  auto add_query = [&](const std::string& name, const json& value) -> bool {
    if (value.is_null()) return true;
    if (value.is_object()) return false;
    if (value.is_array()) {
      for (const auto& item : value) {
        if (item.is_object() || item.is_array()) return false;
        target.params().append({name, scalar_text(item)});
      }
      return true;
    }
    target.params().append({name, scalar_text(value)});
    return true;
  };
  HeaderList mapped_headers;
  for (const auto& [argument, header] : tool.header_mapping.items()) {
    auto found = rest.find(argument);
    if (found == rest.end()) continue;
    std::string value = scalar_text(*found);
    if (!http::is_header_value(value))
      co_return invalid_params("Invalid arguments for tool '" + tool.name + "': /" + argument +
                               ": a header value may not hold a line break");
    mapped_headers.emplace_back(header.get<std::string>(), std::move(value));
    rest.erase(found);
  }
  for (const auto& [argument, parameter] : tool.query_mapping.items()) {
    auto found = rest.find(argument);
    if (found == rest.end()) continue;
    if (!add_query(parameter.get<std::string>(), *found))
      co_return invalid_params("Invalid arguments for tool '" + tool.name + "': /" + argument +
                               ": a query parameter takes a value or a list of values");
    rest.erase(found);
  }
  const bhttp::verb verb = bhttp::string_to_verb(tool.request_type);
  if (verb == bhttp::verb::unknown) co_return failure("the tool's request_type is not an HTTP method");
  // DELETE has no defined body semantics (RFC 9110 §9.3.5) and many APIs refuse one: like GET,
  // it sends what remains as the query string.
  const bool body_out = verb != bhttp::verb::get && verb != bhttp::verb::delete_;
  if (!body_out)
    for (const auto& [name, value] : rest.items())
      if (!add_query(name, value))
        co_return invalid_params("Invalid arguments for tool '" + tool.name + "': /" + name +
                                 ": a " + tool.request_type + " request sends its arguments as query parameters, which take a value or a "
                                 "list of values");
  auto where = http::parse_url(target.buffer());
  if (!where) co_return failure("the tool's URL is not a valid URL: " + std::string(target.buffer()));

  http::Request request{verb, where->target, 11};
  request.set(bhttp::field::user_agent, "mcpgw");
  request.set(bhttp::field::accept, "application/json, */*;q=0.5");
  for (const auto& [k, v] : tool.headers.items()) request.set(k, v.get<std::string>());
  for (const auto& [k, v] : credentials) request.set(k, v);
  for (const auto& [k, v] : mapped_headers) request.set(k, v);
  if (body_out) {
    request.set(bhttp::field::content_type, "application/json");
    request.body() = rest.dump();
  }
  const std::chrono::milliseconds timeout = tool.timeout_ms ? std::chrono::milliseconds(*tool.timeout_ms) : default_timeout_;
  const std::string api = where->origin();
  int retries = 0;
  for (int attempt = 1;; ++attempt) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    auto connection = take(*where);
    error_code ec = co_await connection->send(request, timeout, timeout, idempotent(verb));
    if (ec && !connection->request_written() && !http::refused_before_sending(ec) && attempt < retry_.max_attempts &&
        ec != asio::error::operation_aborted) {
      // Nothing reached the API: trying again cannot make it act twice.
      connection->close();
      asio::steady_timer pause(ex_, retry_.backoff(attempt));
      auto [waited] = co_await pause.async_wait(use_nothrow);
      if (waited == asio::error::operation_aborted) co_return failure("REST call to " + api + " was cancelled");
      ++retries;
      continue;
    }
    if (!ec) {
      auto left = std::max<std::chrono::steady_clock::duration>(deadline - std::chrono::steady_clock::now(),
                                                                  std::chrono::milliseconds(1));
      ec = co_await connection->read_body(left, kMaxAnswerBytes);
    }
    if (ec) {
      connection->close();
      ToolOutcome out;
      if (ec == make_error_code(Errc::destination_blocked)) {
        out = failure("REST call to " + api + " refused: the destination policy blocks its address");
        out.api = ToolOutcome::Api::not_sent;
      } else if (ec == asio::error::operation_aborted) {
        out = failure("REST call to " + api + " was cancelled");
        out.api = ToolOutcome::Api::not_sent;
      } else {
        if (ec == make_error_code(Errc::upstream_timeout) || ec == asio::error::timed_out || ec == boost::beast::error::timeout)
          out = failure("REST call to " + api + " did not answer within " + std::to_string(timeout.count()) + " ms");
        else if (ec == bhttp::error::body_limit)
          out = failure("REST call to " + api + ": the answer is larger than " + std::to_string(kMaxAnswerBytes >> 20) +
                        " MiB");
        else
          out = failure("REST call to " + api + " failed: " + ec.message());
        out.api = ec == bhttp::error::body_limit ? ToolOutcome::Api::answered : ToolOutcome::Api::failed;
      }
      out.retries = retries;
      co_return out;
    }
    auto& response = connection->parser().get();
    const unsigned status = response.result_int();
    if ((status == 429 || status == 502 || status == 503 || status == 504) && attempt < retry_.max_attempts) {
      // The API asks to be asked again: after its Retry-After if it gives one we may wait for.
      std::optional<std::chrono::milliseconds> pause_for = retry_.backoff(attempt);
      if (auto header = response.find(bhttp::field::retry_after); header != response.end())
        if (auto after = limits::parse_retry_after(header->value(), std::chrono::system_clock::now()))
          pause_for = retry_.honour(*after);
      if (pause_for) {
        connection->close();  // its body is unread: the connection cannot carry the next try
        asio::steady_timer pause(ex_, *pause_for);
        auto [waited] = co_await pause.async_wait(use_nothrow);
        if (waited == asio::error::operation_aborted) co_return failure("REST call to " + api + " was cancelled");
        ++retries;
        continue;
      }
    }
    std::string body = std::move(response.body());
    give_back(std::move(connection));
    ToolOutcome out = co_await answer(tool, status, std::move(body));
    out.api = status >= 500 ? ToolOutcome::Api::failed : ToolOutcome::Api::answered;
    out.retries = retries;
    co_return out;
  }
}

awaitable<ToolOutcome> ToolCaller::answer(const store::Tool& tool, unsigned status, std::string body) {
  if (status == 204) co_return success(text_result("Request completed successfully (No Content)", false));
  if (status < 200 || status > 299) {
    std::string reason(bhttp::obsolete_reason(static_cast<bhttp::status>(status)));
    std::string text = "HTTP " + std::to_string(status) + (reason == "<unknown-status>" ? "" : " " + reason);
    if (!body.empty()) text += ": " + excerpt(body);
    co_return failure(std::move(text));
  }
  json value = jsonrpc::read_json(body);  // depth-bounded, as all JSON that enters
  if (value.is_discarded()) {
    // Not JSON: the text as it came (a filter or an output schema has nothing to work on).
    if (!tool.jsonpath_filter.empty() || !tool.output_schema.is_null())
      co_return failure("the API answered " + std::to_string(status) + " with a body that is not JSON: " + excerpt(body));
    co_return success(text_result(valid_utf8(std::move(body)), false));
  }
  if (!tool.jsonpath_filter.empty()) {
    JqOutput filtered = co_await jq_.run(tool.jsonpath_filter, std::move(value));
    if (!filtered.error.empty()) co_return failure("jsonpath_filter: " + filtered.error);
    value = std::move(filtered.value);
  }
  json result = text_result(value.is_string() ? value.get<std::string>() : value.dump(), false);
  if (!tool.output_schema.is_null()) {
    const Schemas& schemas = schemas_of(tool);
    if (!schemas.output) co_return failure("the tool's output_schema cannot be used: " + schemas.output_problem);
    if (std::string v = schemas.output->violation(value); !v.empty())
      co_return failure("the answer does not match the tool's output_schema: " + v);
    if (value.is_object()) result["structuredContent"] = std::move(value);
  }
  co_return success(std::move(result));
}

}  // namespace mcpgw::rest
