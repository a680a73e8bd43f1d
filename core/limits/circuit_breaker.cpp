#include "core/limits/circuit_breaker.hpp"

#include <algorithm>

namespace mcpgw::limits {

CircuitBreakers::Entry CircuitBreakers::enter(const std::string& upstream, Clock::time_point now) {
  if (threshold_ <= 0) return {};
  auto found = circuits_.find(upstream);
  if (found == circuits_.end()) return {};
  Circuit& c = found->second;
  if (c.state == State::closed) return {};
  const Clock::time_point retry_at = c.opened_at + reset_;
  if (c.state == State::open && now >= retry_at) {
    c.state = State::half_open;
    c.trial_in_flight = false;
  }
  if (c.state == State::half_open && !c.trial_in_flight) {
    c.trial_in_flight = true;
    return {true, true, {}};
  }
  // Open, or half-open with its trial under way: refused until the trial could decide.
  return {false, false, std::max(retry_at, now + std::chrono::seconds(1))};
}

void CircuitBreakers::record(const std::string& upstream, Outcome outcome, bool trial, Clock::time_point now) {
  if (threshold_ <= 0) return;
  if (outcome == Outcome::success) {
    // The common case stays free of map writes: a closed circuit with nothing counted.
    auto found = circuits_.find(upstream);
    if (found != circuits_.end() && (trial || found->second.state == State::closed)) circuits_.erase(found);
    return;
  }
  if (outcome == Outcome::abandoned) {
    if (!trial) return;
    auto found = circuits_.find(upstream);
    if (found != circuits_.end()) found->second.trial_in_flight = false;
    return;
  }
  Circuit& c = circuits_[upstream];
  if (trial || c.state == State::half_open) {
    c.state = State::open;
    c.opened_at = now;
    c.trial_in_flight = false;
    return;
  }
  if (c.state == State::open) return;  // a call let through before it opened: nothing new
  if (++c.failures >= threshold_) {
    c.state = State::open;
    c.opened_at = now;
  }
}

std::vector<CircuitBreakers::Status> CircuitBreakers::snapshot() const {
  std::vector<Status> out;
  out.reserve(circuits_.size());
  for (const auto& [upstream, c] : circuits_)
    out.push_back({upstream, c.state, c.failures, c.state == State::closed ? Clock::time_point{} : c.opened_at + reset_});
  return out;
}

CircuitBreakers::State CircuitBreakers::state(const std::string& upstream) const {
  auto found = circuits_.find(upstream);
  return found == circuits_.end() ? State::closed : found->second.state;
}

const char* to_string(CircuitBreakers::State state) {
  switch (state) {
    case CircuitBreakers::State::closed: return "closed";
    case CircuitBreakers::State::open: return "open";
    case CircuitBreakers::State::half_open: return "half_open";
  }
  return "closed";
}

}  // namespace mcpgw::limits
