#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "core/async/awaitable.hpp"
#include "core/jsonrpc/failure.hpp"
#include "core/limits/call_slots.hpp"
#include "core/limits/circuit_breaker.hpp"
#include "core/limits/retry_policy.hpp"

namespace mcpgw::gateway {

struct GuardOptions {
  int breaker_threshold = 5;               // CIRCUIT_BREAKER_FAILURE_THRESHOLD (0 = off)
  std::chrono::seconds breaker_reset{30};  // CIRCUIT_BREAKER_RESET_SECONDS
  int max_concurrent = 0;                  // MAX_CONCURRENT_CALLS_PER_GATEWAY (0 = no cap)
  std::chrono::milliseconds slot_wait{10000};  // MAX_CONCURRENT_WAIT_MS
  limits::RetryPolicy retry;               // RETRY_*
};

/// What stands between a call and its upstream (an MCP gateway, keyed "gateway:<id>", or a REST
/// API, keyed by its origin): the upstream's circuit breaker and its call slots. Every call
/// that leaves serve enters here first and reports how it ended. Lives on the network executor.
class UpstreamGuard {
 public:
  UpstreamGuard(const asio::any_io_executor& ex, GuardOptions options);

  /// Leave to call the upstream, or the JSON-RPC error that refuses the call (nothing was sent).
  /// Destroying a Pass that was not finished counts as abandoned (the client cancelled).
  class Pass {
   public:
    Pass() = default;
    Pass(Pass&& other) noexcept;
    Pass& operator=(Pass&&) = delete;
    ~Pass();
    bool allowed() const { return !refusal; }
    /// How the call ended: `reached` false when the upstream did not answer (unreachable,
    /// timed out, a REST 5xx), which counts towards opening its circuit.
    void finish(bool reached);

    std::optional<jsonrpc::Failure> refusal;
    std::string refusal_message;
    nlohmann::json refusal_data;

   private:
    friend class UpstreamGuard;
    UpstreamGuard* guard_ = nullptr;
    std::string upstream_;
    bool trial_ = false;
    limits::CallSlots::Slot slot_;
  };

  /// `label` names the upstream in errors ("gateway 'time'", "REST API http://h:1").
  awaitable<Pass> enter(const std::string& upstream, const std::string& label);

  /// Whether a call to `upstream` would be refused at once (its circuit is open).
  bool open(const std::string& upstream) const;
  /// Whether calls take call slots (MAX_CONCURRENT_CALLS_PER_GATEWAY above 0).
  bool caps_calls() const { return options_.max_concurrent > 0; }
  const limits::RetryPolicy& retry() const { return options_.retry; }
  void count_retry() { ++retries_; }
  /// An upstream was removed or changed: its circuit starts closed.
  void forget(const std::string& upstream) { breakers_.forget(upstream); }

  /// Circuits that are open, half-open or counting failures, for /health.
  nlohmann::json health() const;
  /// Prometheus lines: circuit states, refusals, retries.
  std::string metrics() const;

 private:
  GuardOptions options_;
  limits::CircuitBreakers breakers_;
  limits::CallSlots slots_;
  std::unordered_map<std::string, std::string> labels_;  // upstream -> label, for /health and /metrics
  std::uint64_t refused_open_ = 0, refused_busy_ = 0, retries_ = 0;
};

}  // namespace mcpgw::gateway
