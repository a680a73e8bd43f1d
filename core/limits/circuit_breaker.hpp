#pragma once

#include <chrono>
#include <string>
#include <unordered_map>
#include <vector>

namespace mcpgw::limits {

/// Circuit breakers, one per upstream (an MCP gateway's id, a REST API's origin). After
/// `threshold` failed calls in a row the circuit opens: calls fail at once, without reaching
/// the upstream, for `reset`. Then one trial call goes through (half-open): its success
/// closes the circuit, its failure opens it for another `reset`. A failure is the upstream
/// not answering (unreachable, timed out, a REST 5xx), not a tool's own error result.
/// One thread uses it (serve's network executor).
class CircuitBreakers {
 public:
  using Clock = std::chrono::steady_clock;
  enum class State { closed, open, half_open };

  /// `threshold` 0 turns every breaker off.
  CircuitBreakers(int threshold, std::chrono::seconds reset) : threshold_(threshold), reset_(reset) {}

  /// Whether a call to `upstream` may go now. `trial` is set when this call is the one that
  /// decides a half-open circuit; `retry_at` when refused.
  struct Entry {
    bool allowed = true;
    bool trial = false;
    Clock::time_point retry_at{};
  };
  Entry enter(const std::string& upstream, Clock::time_point now);
  /// How a call that `enter` let through ended. `abandoned`: it ended without an outcome
  /// (cancelled), so a trial does not decide anything and the next call is the trial.
  enum class Outcome { success, failure, abandoned };
  void record(const std::string& upstream, Outcome outcome, bool trial, Clock::time_point now);

  /// Every upstream whose circuit is not closed, or has failures counted.
  struct Status {
    std::string upstream;
    State state = State::closed;
    int failures = 0;
    Clock::time_point retry_at{};
  };
  std::vector<Status> snapshot() const;
  State state(const std::string& upstream) const;
  /// Forgets an upstream (removed or changed by an admin).
  void forget(const std::string& upstream) { circuits_.erase(upstream); }
  bool enabled() const { return threshold_ > 0; }

 private:
  struct Circuit {
    State state = State::closed;
    int failures = 0;
    Clock::time_point opened_at{};
    bool trial_in_flight = false;
  };
  int threshold_;
  std::chrono::seconds reset_;
  std::unordered_map<std::string, Circuit> circuits_;
};

const char* to_string(CircuitBreakers::State state);

}  // namespace mcpgw::limits
