#include "core/gateway/metrics.hpp"

#include <map>
#include <sstream>

namespace mcpgw::gateway {

std::string prometheus_label(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

const std::unordered_set<std::string_view>& Metrics::known_methods() {
  static const std::unordered_set<std::string_view> kMethods = {
      "initialize", "ping", "server/discover", "subscriptions/listen", "tools/list", "tools/call",
      "resources/list", "resources/templates/list", "resources/read", "resources/subscribe",
      "resources/unsubscribe", "prompts/list", "prompts/get", "completion/complete", "logging/setLevel",
      "notifications/initialized", "notifications/cancelled", "notifications/progress",
      "notifications/roots/list_changed"};
  return kMethods;
}

void Metrics::record_request(std::string_view method) {
  // A label per distinct method string would let any client grow /metrics without bound.
  auto known = known_methods().find(method);
  ++requests_[known == known_methods().end() ? std::string_view("other") : *known];
}

void Metrics::record_call(const std::string& tool, bool failed, std::chrono::steady_clock::duration took) {
  auto& s = tools_[tool];
  ++s.calls;
  if (failed) ++s.errors;
  double seconds = std::chrono::duration<double>(took).count();
  s.seconds_sum += seconds;
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) {
      ++s.buckets[i];
      break;
    }
  }
}

std::string Metrics::render(const std::string& gauges, const std::function<bool(const std::string&)>& in_catalog) {
  std::erase_if(tools_, [&in_catalog](const auto& entry) { return !in_catalog(entry.first); });
  std::ostringstream out;
  // Sorted, so scrapes and diffs are stable.
  std::map<std::string, const ToolStats*> tools;
  for (const auto& [name, s] : tools_) tools[name] = &s;
  std::map<std::string, std::uint64_t> requests(requests_.begin(), requests_.end());

  out << "# HELP mcpgw_requests_total MCP requests received, by method.\n# TYPE mcpgw_requests_total counter\n";
  for (const auto& [method, n] : requests)
    out << "mcpgw_requests_total{method=\"" << prometheus_label(method) << "\"} " << n << "\n";
  out << "# HELP mcpgw_tool_calls_total tools/call requests, by exposed tool name.\n"
         "# TYPE mcpgw_tool_calls_total counter\n";
  for (const auto& [name, s] : tools) out << "mcpgw_tool_calls_total{tool=\"" << prometheus_label(name) << "\"} " << s->calls << "\n";
  out << "# HELP mcpgw_tool_errors_total tools/call requests that ended in an error.\n"
         "# TYPE mcpgw_tool_errors_total counter\n";
  for (const auto& [name, s] : tools) out << "mcpgw_tool_errors_total{tool=\"" << prometheus_label(name) << "\"} " << s->errors << "\n";
  out << "# HELP mcpgw_tool_call_duration_seconds Time from request to answer of tools/call.\n"
         "# TYPE mcpgw_tool_call_duration_seconds histogram\n";
  for (const auto& [name, s] : tools) {
    std::string label = prometheus_label(name);
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += s->buckets[i];
      out << "mcpgw_tool_call_duration_seconds_bucket{tool=\"" << label << "\",le=\"" << kBuckets[i] << "\"} "
          << cumulative << "\n";
    }
    out << "mcpgw_tool_call_duration_seconds_bucket{tool=\"" << label << "\",le=\"+Inf\"} " << s->calls << "\n";
    out << "mcpgw_tool_call_duration_seconds_sum{tool=\"" << label << "\"} " << s->seconds_sum << "\n";
    out << "mcpgw_tool_call_duration_seconds_count{tool=\"" << label << "\"} " << s->calls << "\n";
  }
  out << gauges;
  return out.str();
}

}  // namespace mcpgw::gateway
