#include "core/gateway/call_admission.hpp"

#include "core/http/exchange.hpp"
#include "core/jsonrpc/failure.hpp"
#include "core/jsonrpc/message.hpp"

namespace mcpgw::gateway {

using nlohmann::json;

namespace {

/// Reads what admission needs of one JSON-RPC request (method, whether it has an id, and
/// params.name) without building a document: calls are counted before the transport parses.
struct CallFacts : nlohmann::json_sax<json> {
  std::string method, name;
  bool has_id = false, batch = false;
  int depth = 0;
  std::string last_key;  // the last key at depth 1 or 2
  bool in_params = false;

  void value(std::string* text) {
    if (depth == 1) {
      if (last_key == "id") has_id = true;
      if (last_key == "method" && text) method = *text;
    } else if (depth == 2 && in_params && last_key == "name" && text) {
      name = *text;
    }
  }
  bool null() override { value(nullptr); return true; }
  bool boolean(bool) override { value(nullptr); return true; }
  bool number_integer(number_integer_t) override { value(nullptr); return true; }
  bool number_unsigned(number_unsigned_t) override { value(nullptr); return true; }
  bool number_float(number_float_t, const string_t&) override { value(nullptr); return true; }
  bool string(string_t& s) override { value(&s); return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override {
    if (depth == 1 && last_key == "params") in_params = true;
    ++depth;
    return true;
  }
  bool key(string_t& k) override {
    if (depth <= 2) last_key = k;
    return true;
  }
  bool end_object() override {
    if (--depth == 1) in_params = false;
    return true;
  }
  bool start_array(std::size_t) override {
    if (depth == 0) {
      batch = true;
      return false;  // a batch is parsed as a document
    }
    ++depth;
    return true;
  }
  bool end_array() override {
    --depth;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }
};

}  // namespace

CallAdmission::Decision CallAdmission::admit(const std::string& subject, const store::Tool* tool) {
  const auto now = limits::RateLimiter::Clock::now();
  Decision d;
  std::string user_key, tool_key;
  int user_rpm = options_.per_user_rpm;
  int tool_rpm = 0;
  if (tool) tool_rpm = tool->rate_limit ? static_cast<int>(*tool->rate_limit) : options_.per_tool_rpm;
  limits::RateDecision user, per_tool;
  if (user_rpm > 0) {
    user_key = "u:" + subject;
    user = limiter_.check(user_key, user_rpm, now);
  }
  if (tool_rpm > 0) {
    tool_key = "t:" + tool->id;
    per_tool = limiter_.check(tool_key, tool_rpm, now);
  }
  d.limited = user_rpm > 0 || tool_rpm > 0;
  if (!d.limited) return d;
  // The limit that refuses, else the one with the fewest calls left, is the one reported.
  const bool tool_decides = tool_rpm > 0 && (user_rpm <= 0 || !per_tool.allowed ||
                                             (user.allowed && per_tool.remaining < user.remaining));
  d.scope = tool_decides ? "tool" : "user";
  d.limit = tool_decides ? per_tool : user;
  d.allowed = (user_rpm <= 0 || user.allowed) && (tool_rpm <= 0 || per_tool.allowed);
  if (!d.allowed) {
    if (user_rpm > 0 && !user.allowed) {
      d.scope = "user";
      d.limit = user;
      ++refused_user_;
    } else {
      ++refused_tool_;
    }
    return d;
  }
  if (user_rpm > 0) limiter_.take(user_key, user_rpm, now);
  if (tool_rpm > 0) limiter_.take(tool_key, tool_rpm, now);
  return d;
}

CallAdmission::Decision CallAdmission::admit_message(const std::string& subject, const json& message,
                                                     const CatalogView& view, const std::string& server_id) {
  Decision last;
  auto one = [&](const json& m) -> bool {
    if (!m.is_object()) return true;
    auto method = m.find("method");
    if (method == m.end() || !method->is_string() || !m.contains("id")) return true;
    const std::string& name = method->get_ref<const std::string&>();
    if (!counted(name)) return true;
    const store::Tool* tool = nullptr;
    if (name == "tools/call") {
      auto params = m.find("params");
      if (params != m.end() && params->is_object())
        if (auto n = params->find("name"); n != params->end() && n->is_string())
          tool = view.tool(server_id, n->get<std::string>());
    }
    Decision d = admit(subject, tool);
    if (d.limited) last = d;
    return d.allowed;
  };
  if (message.is_array()) {
    for (const auto& m : message)
      if (!one(m)) return last;
  } else {
    one(message);
  }
  return last;
}

CallAdmission::Decision CallAdmission::admit_body(const std::string& subject, std::string_view body,
                                                  const CatalogView& view, const std::string& server_id, json& parsed) {
  CallFacts facts;
  const bool read = json::sax_parse(body.begin(), body.end(), &facts);
  if (facts.batch) {
    parsed = jsonrpc::read_json(std::string(body));
    return parsed.is_discarded() ? Decision{} : admit_message(subject, parsed, view, server_id);
  }
  if (!read || !facts.has_id || !counted(facts.method)) return {};  // the transport answers what is wrong
  const store::Tool* tool = facts.method == "tools/call" ? view.tool(server_id, facts.name) : nullptr;
  return admit(subject, tool);
}

void CallAdmission::add_headers(http::Exchange& exchange, const Decision& d) {
  if (!d.limited) return;
  const std::string name = "\"" + d.scope + "\"";
  exchange.add_response_header("RateLimit-Policy", name + ";q=" + std::to_string(d.limit.limit) + ";w=60");
  exchange.add_response_header("RateLimit", name + ";r=" + std::to_string(d.limit.remaining) +
                                                ";t=" + std::to_string(d.limit.reset_seconds));
  if (!d.allowed) exchange.add_response_header("Retry-After", std::to_string(d.limit.retry_after_seconds));
}

json CallAdmission::error(const json& id, const Decision& d) {
  return jsonrpc::make_failure(id, jsonrpc::Failure::rate_limited,
                               "Rate limit exceeded: " + std::to_string(d.limit.limit) + " calls per minute per " +
                                   d.scope + "; retry in " + std::to_string(d.limit.retry_after_seconds) + " s",
                               {{"scope", d.scope},
                                {"limit", d.limit.limit},
                                {"windowSeconds", 60},
                                {"retryAfterSeconds", d.limit.retry_after_seconds}});
}

json CallAdmission::refusal(const json& message, const Decision& d) {
  if (!message.is_array()) return error(message.is_object() ? message.value("id", json()) : json(), d);
  json out = json::array();
  for (const auto& m : message)
    if (m.is_object() && m.contains("id") && m.contains("method")) out.push_back(error(m["id"], d));
  return out;
}

std::string CallAdmission::metrics() const {
  return "# HELP mcpgw_rate_limited_total Calls refused by a rate limit.\n"
         "# TYPE mcpgw_rate_limited_total counter\n"
         "mcpgw_rate_limited_total{scope=\"user\"} " + std::to_string(refused_user_) + "\n" +
         "mcpgw_rate_limited_total{scope=\"tool\"} " + std::to_string(refused_tool_) + "\n";
}

}  // namespace mcpgw::gateway
