#include "core/gateway/openapi_route.hpp"

#include <boost/asio/this_coro.hpp>

#include "core/gateway/api_json.hpp"
#include "core/gateway/rest_support.hpp"
#include "core/http/document_fetch.hpp"
#include "core/log/logger.hpp"
#include "core/rest/openapi_import.hpp"
#include "core/rest/tool_call.hpp"
#include "core/store/record_id.hpp"

namespace mcpgw::gateway {

namespace {

constexpr std::chrono::milliseconds kFetchTimeout{30000};
constexpr std::size_t kMaxDocumentBytes = 4 << 20;  // as much as a request body may carry

struct ImportRequest {
  rest::OpenApiOptions options;
  bool dry_run = false;
  bool skip_conflicts = false;
};

/// The import's own fields of the body; "" or what is wrong.
std::string read_request(const json& body, ImportRequest& request) {
  rest::OpenApiOptions& o = request.options;
  for (auto [snake, camel, out] : {std::tuple{"base_url", "baseUrl", &o.base_url},
                                   std::tuple{"name_prefix", "namePrefix", &o.name_prefix}}) {
    const json* v = field(body, snake, camel);
    if (v && !v->is_null() && !v->is_string()) return std::string(snake) + " must be a string";
    if (v && v->is_string()) *out = v->get<std::string>();
  }
  if (const json* include = field(body, "include"); include && !include->is_null()) {
    if (!include->is_array()) return "include must be a list of operationIds";
    for (const auto& x : *include) {
      if (!x.is_string()) return "include must be a list of operationIds";
      o.include.push_back(x.get<std::string>());
    }
  }
  if (const json* dry = field(body, "dry_run", "dryRun"); dry && !dry->is_null()) {
    if (!dry->is_boolean()) return "dry_run must be true or false";
    request.dry_run = dry->get<bool>();
  }
  if (const json* strategy = field(body, "conflict_strategy", "conflictStrategy"); strategy && !strategy->is_null()) {
    if (*strategy != "fail" && *strategy != "skip") return "conflict_strategy must be \"fail\" or \"skip\"";
    request.skip_conflicts = *strategy == "skip";
  }
  return {};
}

/// What every imported tool shares, read as POST /tools reads it: headers, tags, timeout and
/// credentials (flat or under "auth").
InputError read_shared(const json& body, store::Tool& shared, std::optional<HeaderPairs>& auth) {
  json common = {{"name", "openapi"}};
  for (const auto& [k, v] : body.items())
    if (k == "headers" || k == "tags" || k == "timeout_ms" || k == "timeoutMs" || k.starts_with("auth")) common[k] = v;
  return apply_tool_input(common, shared, auth, true);
}

/// The document the body gives or points to; discarded once the answer (`status`, `error`) is known.
awaitable<json> load_document(const json& body, rest::OpenApiOptions& options,
                              const std::shared_ptr<const http::DestinationPolicy>& destinations, int& status,
                              std::string& error) {
  status = 422;
  const json* spec = field(body, "spec");
  const json* url = field(body, "url");
  if (spec && spec->is_null()) spec = nullptr;
  if (url && url->is_null()) url = nullptr;
  if (spec && url) error = "give the document as spec or its address as url, not both";
  else if (!spec && !url) error = "give the document as spec (an object, or JSON or YAML text) or its address as url";
  else if (spec && !spec->is_object() && !spec->is_string()) error = "spec must be an object, or JSON or YAML text";
  else if (url && (!url->is_string() || !http::parse_url(url->get<std::string>())))
    error = "url must be an http:// or https:// URL";
  if (!error.empty()) co_return json(json::value_t::discarded);
  if (spec && spec->is_object()) co_return *spec;
  if (spec) co_return rest::read_openapi_text(spec->get_ref<const std::string&>(), error);
  options.document_url = url->get<std::string>();
  auto ex = co_await asio::this_coro::executor;
  http::FetchedDocument fetched = co_await http::fetch_document(ex, *http::parse_url(options.document_url),
                                                                destinations, kFetchTimeout, kMaxDocumentBytes);
  if (fetched.status) {
    status = fetched.status;
    error = fetched.problem;
    co_return json(json::value_t::discarded);
  }
  json document = rest::read_openapi_text(fetched.body, error);
  if (!error.empty()) error = "the document at " + options.document_url + ": " + error;
  co_return document;
}

json skipped_json(const std::string& operation, const std::string& name, const std::string& reason) {
  return {{"operation", operation}, {"name", name}, {"reason", reason}};
}

json preview_json(const rest::OpenApiTool& t) {
  return {{"name", t.tool.name},
          {"operation", t.operation},
          {"request_type", t.tool.request_type},
          {"url", t.tool.url},
          {"description", t.tool.description},
          {"input_schema", t.tool.input_schema},
          {"output_schema", t.tool.output_schema},
          {"query_mapping", t.tool.query_mapping},
          {"header_mapping", t.tool.header_mapping}};
}

}  // namespace

awaitable<void> import_openapi(http::Exchange& exchange, Federation& federation) {
  // The request and the document.
  std::string error;
  json body = parse_body(exchange, error);
  ImportRequest request;
  if (error.empty()) error = read_request(body, request);
  store::Tool shared;
  std::optional<HeaderPairs> auth;
  if (error.empty())
    if (auto e = read_shared(body, shared, auth)) error = e.message;
  int status = 422;
  json document;
  if (error.empty()) document = co_await load_document(body, request.options, federation.options().destinations, status, error);
  if (!error.empty()) {
    co_await respond_detail(exchange, status, error);
    co_return;
  }
  // The tools, each checked as POST /tools checks one.
  rest::OpenApiTools converted = rest::tools_from_openapi(document, request.options);
  if (!converted.error.empty()) {
    co_await respond_detail(exchange, 422, converted.error);
    co_return;
  }
  json skipped = json::array();
  for (const auto& s : converted.skipped) skipped.push_back(skipped_json(s.operation, s.name, s.reason));
  std::vector<rest::OpenApiTool> tools;
  std::vector<std::string> conflicts;
  auto view = federation.view();
  for (auto& t : converted.tools) {
    t.tool.headers = shared.headers;
    t.tool.tags = shared.tags;
    t.tool.timeout_ms = shared.timeout_ms;
    t.tool.auth_type = shared.auth_type;
    if (std::string problem = rest::rest_tool_problem(t.tool); !problem.empty()) {
      skipped.push_back(skipped_json(t.operation, t.tool.name, problem));
    } else if (view->tool_named(t.tool.name)) {
      if (request.skip_conflicts) skipped.push_back(skipped_json(t.operation, t.tool.name, "a tool with this name exists"));
      else conflicts.push_back(t.tool.name);
    } else {
      tools.push_back(std::move(t));
    }
  }
  if (!conflicts.empty()) {
    std::string names;
    for (const auto& n : conflicts) names += (names.empty() ? "'" : ", '") + n + "'";
    json answer = {{"detail", "tools named " + names + " exist already: nothing was imported "
                              "(conflict_strategy \"skip\" leaves them out)"},
                   {"conflicts", conflicts}};
    co_await respond_json(exchange, 409, std::move(answer));
    co_return;
  }
  if (tools.empty()) {
    json answer = {{"detail", "no operation of the document can be imported"}, {"skipped", std::move(skipped)}};
    co_await respond_json(exchange, 422, std::move(answer));
    co_return;
  }
  if (request.dry_run) {
    json preview = json::array();
    for (const auto& t : tools) preview.push_back(preview_json(t));
    json answer = {{"dry_run", true}, {"tools", std::move(preview)}, {"skipped", std::move(skipped)},
                   {"warnings", converted.warnings}};
    co_await respond_json(exchange, 200, std::move(answer));
    co_return;
  }
  // All or nothing: one transaction for every tool.
  for (auto& t : tools) {
    t.tool.id = store::new_record_id();
    if (auth) t.tool.auth_value_encrypted = federation.seal_tool_credentials(t.tool.id, *auth);
  }
  std::vector<store::Tool> created;
  auto steps = [&tools, &created](store::Store& s) -> store::Result<void> {
    created.clear();
    for (const auto& t : tools) {
      auto r = s.tools().create(t.tool);
      if (!r) return r.error();
      created.push_back(std::move(*r));
    }
    return {};
  };
  auto op = [&steps](store::Store& s) { return s.atomically(steps); };
  auto stored = co_await federation.store().run(std::move(op));
  if (!stored) {
    co_await respond_detail(exchange, status_of(stored.error()),
                            message_of(stored.error(), "nothing was imported: a tool of the document"));
    co_return;
  }
  co_await federation.reload(kToolsKind);
  MCPGW_LOG(info, "openapi_imported", "tools=" << created.size() << " skipped=" << skipped.size());
  json out = json::array();
  view = federation.view();
  for (const auto& t : created) out.push_back(tool_json_api(t, *view));
  json answer = {{"created", std::move(out)}, {"skipped", std::move(skipped)}, {"warnings", converted.warnings}};
  co_await respond_json(exchange, 201, std::move(answer));
}

}  // namespace mcpgw::gateway
