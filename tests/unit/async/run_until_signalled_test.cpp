#include "core/async/run_until_signalled.hpp"

#include <csignal>
#include <stdexcept>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <catch2/catch.hpp>

#include "core/async/signal.hpp"
#include "core/exit_code.hpp"

using namespace mcpgw;
using namespace std::chrono_literals;

namespace {

/// Raises `signo` in this process from inside the context, once run_until_signalled's handler is in place.
void raise_soon(asio::io_context& ctx, int signo) {
  asio::co_spawn(
      ctx,
      [signo]() -> awaitable<void> {
        co_await async::Signal().wait(10ms);
        std::raise(signo);
      },
      asio::detached);
}

/// A main task that would run for an hour.
awaitable<int> long_main() {
  co_await async::Signal().wait(1h);
  co_return 5;
}

}  // namespace

TEST_CASE("main's result is the exit status when it ends first", "[async][shutdown]") {
  asio::io_context ctx(1);
  CHECK(async::run_until_signalled(ctx, {kExitInterrupted, {}}, []() -> awaitable<int> { co_return 7; }) == 7);
}

TEST_CASE("a main that throws is a runtime failure", "[async][shutdown]") {
  asio::io_context ctx(1);
  auto thrower = []() -> awaitable<int> {
    throw std::runtime_error("boom");
    co_return 0;
  };
  CHECK(async::run_until_signalled(ctx, {kExitOk, {}}, thrower) == kExitRuntimeFailed);
}

TEST_CASE("a signal with no drain stops at once with the signal's status", "[async][shutdown]") {
  asio::io_context ctx(1);
  raise_soon(ctx, SIGINT);
  auto start = std::chrono::steady_clock::now();
  CHECK(async::run_until_signalled(ctx, {kExitInterrupted, {}}, long_main) == kExitInterrupted);
  CHECK(std::chrono::steady_clock::now() - start < 5s);
}

TEST_CASE("a server's first signal runs its drain to the end, then stops with status 0", "[async][shutdown]") {
  asio::io_context ctx(1);
  bool drained = false;
  raise_soon(ctx, SIGTERM);
  int status = async::run_until_signalled(ctx, {kExitOk, [&]() -> awaitable<void> {
                                                  co_await async::Signal().wait(30ms);
                                                  drained = true;
                                                }});
  CHECK(status == kExitOk);
  CHECK(drained);
}

TEST_CASE("a second signal stops a drain that does not end", "[async][shutdown]") {
  asio::io_context ctx(1);
  bool drain_started = false;
  bool drain_ended = false;
  raise_soon(ctx, SIGTERM);
  asio::co_spawn(
      ctx,
      [&]() -> awaitable<void> {
        co_await async::Signal().wait(100ms);
        std::raise(SIGTERM);
      },
      asio::detached);
  auto start = std::chrono::steady_clock::now();
  int status = async::run_until_signalled(ctx, {kExitInterrupted, [&]() -> awaitable<void> {
                                                  drain_started = true;
                                                  co_await async::Signal().wait(1h);
                                                  drain_ended = true;
                                                }});
  CHECK(status == kExitInterrupted);
  CHECK(drain_started);
  CHECK_FALSE(drain_ended);
  CHECK(std::chrono::steady_clock::now() - start < 5s);
}
