#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <unordered_map>

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

  void record_call(const std::string& tool, bool failed, std::chrono::steady_clock::duration took);
  void record_request(const std::string& method) { ++requests_[method]; }

  /// The Prometheus text exposition; `gauges` are extra lines (gateway up, sessions) made by the caller.
  std::string render(const std::string& gauges) const;

 private:
  std::unordered_map<std::string, ToolStats> tools_;
  std::unordered_map<std::string, std::uint64_t> requests_;
};

/// A Prometheus label value with \, " and newlines escaped.
std::string prometheus_label(std::string_view value);

}  // namespace mcpgw::gateway
