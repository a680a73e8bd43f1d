#include "core/limits/circuit_breaker.hpp"

#include <catch2/catch.hpp>

using mcpgw::limits::CircuitBreakers;
using namespace std::chrono_literals;
using Outcome = CircuitBreakers::Outcome;
using State = CircuitBreakers::State;

TEST_CASE("a circuit opens after the threshold of failures in a row, and a success resets the count", "[limits][circuit]") {
  CircuitBreakers b(3, 30s);
  const auto t0 = CircuitBreakers::Clock::now();
  b.record("a", Outcome::failure, false, t0);
  b.record("a", Outcome::failure, false, t0);
  b.record("a", Outcome::success, false, t0);
  b.record("a", Outcome::failure, false, t0);
  b.record("a", Outcome::failure, false, t0);
  CHECK(b.state("a") == State::closed);
  CHECK(b.enter("a", t0).allowed);
  b.record("a", Outcome::failure, false, t0);
  CHECK(b.state("a") == State::open);
  auto refused = b.enter("a", t0 + 10s);
  CHECK_FALSE(refused.allowed);
  CHECK(refused.retry_at == t0 + 30s);
  CHECK(b.enter("b", t0).allowed);  // upstreams never share a circuit
}

TEST_CASE("after the reset time one trial goes through; its outcome decides", "[limits][circuit]") {
  CircuitBreakers b(1, 5s);
  const auto t0 = CircuitBreakers::Clock::now();
  b.record("a", Outcome::failure, false, t0);
  auto trial = b.enter("a", t0 + 5s);
  CHECK(trial.allowed);
  CHECK(trial.trial);
  CHECK_FALSE(b.enter("a", t0 + 5s).allowed);  // only one trial at a time
  b.record("a", Outcome::failure, true, t0 + 6s);
  CHECK(b.state("a") == State::open);
  CHECK_FALSE(b.enter("a", t0 + 10s).allowed);  // open again for a whole reset time
  auto second = b.enter("a", t0 + 11s);
  REQUIRE(second.trial);
  b.record("a", Outcome::abandoned, true, t0 + 11s);  // a cancelled trial decides nothing
  auto third = b.enter("a", t0 + 11s);
  REQUIRE(third.trial);
  b.record("a", Outcome::success, true, t0 + 12s);
  CHECK(b.state("a") == State::closed);
  CHECK(b.snapshot().empty());
}

TEST_CASE("threshold 0 turns the breaker off", "[limits][circuit]") {
  CircuitBreakers b(0, 5s);
  const auto t0 = CircuitBreakers::Clock::now();
  for (int i = 0; i < 100; ++i) b.record("a", Outcome::failure, false, t0);
  CHECK(b.enter("a", t0).allowed);
  CHECK(b.snapshot().empty());
}
