#include "core/gateway/upstream_guard.hpp"

#include "core/gateway/metrics.hpp"
#include "core/jsonrpc/failure.hpp"
#include "core/jsonrpc/message.hpp"

namespace mcpgw::gateway {

using Clock = std::chrono::steady_clock;
using limits::CircuitBreakers;

namespace {

int seconds_until(Clock::time_point at, Clock::time_point now) {
  auto s = std::chrono::ceil<std::chrono::seconds>(at - now).count();
  return static_cast<int>(std::max<std::int64_t>(s, 1));
}

}  // namespace

UpstreamGuard::UpstreamGuard(const asio::any_io_executor& ex, GuardOptions options)
    : options_(options),
      breakers_(options.breaker_threshold, options.breaker_reset),
      slots_(ex, options.max_concurrent) {}

UpstreamGuard::Pass::Pass(Pass&& other) noexcept
    : refusal(other.refusal),
      refusal_message(std::move(other.refusal_message)),
      refusal_data(std::move(other.refusal_data)),
      guard_(std::exchange(other.guard_, nullptr)),
      upstream_(std::move(other.upstream_)),
      trial_(other.trial_),
      slot_(std::move(other.slot_)) {}

UpstreamGuard::Pass::~Pass() {
  if (guard_) guard_->breakers_.record(upstream_, CircuitBreakers::Outcome::abandoned, trial_, Clock::now());
}

void UpstreamGuard::Pass::finish(bool reached) {
  if (auto* guard = std::exchange(guard_, nullptr))
    guard->breakers_.record(upstream_, reached ? CircuitBreakers::Outcome::success : CircuitBreakers::Outcome::failure,
                            trial_, Clock::now());
  slot_ = {};
}

awaitable<UpstreamGuard::Pass> UpstreamGuard::enter(const std::string& upstream, const std::string& label) {
  Pass pass;
  const auto now = Clock::now();
  if (breakers_.enabled()) {
    if (labels_.size() < 4096) {
      auto [it, fresh] = labels_.try_emplace(upstream, label);
      if (!fresh && it->second != label) it->second = label;
    }
    auto entry = breakers_.enter(upstream, now);
    if (!entry.allowed) {
      ++refused_open_;
      const int wait = seconds_until(entry.retry_at, now);
      pass.refusal = jsonrpc::Failure::circuit_open;
      pass.refusal_message = label + ": circuit open after repeated failures; next try in " + std::to_string(wait) + " s";
      pass.refusal_data = {{"retryAfterSeconds", wait}};
      co_return pass;
    }
    pass.trial_ = entry.trial;
  }
  // From here a Pass that goes away unfinished tells the breaker (a trial must not stay taken).
  pass.guard_ = this;
  pass.upstream_ = upstream;
  if (slots_.capacity() > 0) {
    pass.slot_ = co_await slots_.acquire(upstream, options_.slot_wait);
    if (!pass.slot_.held()) {
      ++refused_busy_;
      breakers_.record(upstream, CircuitBreakers::Outcome::abandoned, pass.trial_, Clock::now());
      pass.guard_ = nullptr;
      pass.refusal = jsonrpc::Failure::upstream_busy;
      pass.refusal_message = label + " is busy: " + std::to_string(slots_.capacity()) +
                             " calls in flight, none ended within " + std::to_string(options_.slot_wait.count()) + " ms";
      pass.refusal_data = {{"maxConcurrentCalls", slots_.capacity()}};
    }
  }
  co_return pass;
}

bool UpstreamGuard::open(const std::string& upstream) const {
  return breakers_.enabled() && breakers_.state(upstream) != CircuitBreakers::State::closed;
}

nlohmann::json UpstreamGuard::health() const {
  nlohmann::json out = nlohmann::json::array();
  const auto now = Clock::now();
  for (const auto& s : breakers_.snapshot()) {
    auto label = labels_.find(s.upstream);
    nlohmann::json c = {{"upstream", label == labels_.end() ? s.upstream : label->second},
                        {"state", limits::to_string(s.state)},
                        {"consecutive_failures", s.failures}};
    if (s.state != CircuitBreakers::State::closed)
      c["retry_in_seconds"] = std::max<std::int64_t>(0, std::chrono::ceil<std::chrono::seconds>(s.retry_at - now).count());
    out.push_back(std::move(c));
  }
  return out;
}

std::string UpstreamGuard::metrics() const {
  std::string out =
      "# HELP mcpgw_circuit_open Whether an upstream's circuit breaker is open (1), half-open (0.5) or closed (0).\n"
      "# TYPE mcpgw_circuit_open gauge\n";
  for (const auto& s : breakers_.snapshot()) {
    auto label = labels_.find(s.upstream);
    out += "mcpgw_circuit_open{upstream=\"" + prometheus_label(label == labels_.end() ? s.upstream : label->second) +
           "\"} " + (s.state == CircuitBreakers::State::open ? "1" : s.state == CircuitBreakers::State::half_open ? "0.5" : "0") +
           "\n";
  }
  out += "# HELP mcpgw_calls_refused_total Calls refused before reaching their upstream.\n"
         "# TYPE mcpgw_calls_refused_total counter\n"
         "mcpgw_calls_refused_total{reason=\"circuit_open\"} " + std::to_string(refused_open_) + "\n" +
         "mcpgw_calls_refused_total{reason=\"busy\"} " + std::to_string(refused_busy_) + "\n";
  out += "# HELP mcpgw_call_retries_total Tries made again after a failure that was safe to retry.\n"
         "# TYPE mcpgw_call_retries_total counter\n"
         "mcpgw_call_retries_total " + std::to_string(retries_) + "\n";
  return out;
}

}  // namespace mcpgw::gateway
