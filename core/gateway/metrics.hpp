#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace mcpgw::gateway {

/// Counters for GET /metrics. Touched only on the network executor, so plain integers.
class Metrics {
 public:
  /// Upper bounds of the latency histogram buckets, in seconds (Prometheus "le").
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  5.0};

  struct ToolStats {
    std::uint64_t calls = 0;
    std::uint64_t errors = 0;
    std::array<std::uint64_t, kBuckets.size()> buckets{};  // cumulative at render time
    double seconds_sum = 0;
  };

  /// Every label set is bounded: `tool` is an exposed name found in the catalog (forgotten
  /// once it leaves it, see render), and methods outside the MCP set count as "other".
  void record_call(const std::string& tool, bool failed, std::chrono::steady_clock::duration took);
  void record_request(std::string_view method);

  /// The Prometheus text exposition; `gauges` are extra lines (gateway up, sessions) made by the
  /// caller. Tools for which `in_catalog` is false are dropped first.
  std::string render(const std::string& gauges, const std::function<bool(const std::string&)>& in_catalog);

  /// The methods counted by name (MCP requests and notifications a client sends).
  static const std::unordered_set<std::string_view>& known_methods();

 private:
  std::unordered_map<std::string, ToolStats> tools_;
  std::unordered_map<std::string_view, std::uint64_t> requests_;  // keys from known_methods() or "other"
};

/// A Prometheus label value with \, " and newlines escaped.
std::string prometheus_label(std::string_view value);

}  // namespace mcpgw::gateway
