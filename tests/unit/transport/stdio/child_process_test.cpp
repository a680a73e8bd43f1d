#include "core/transport/stdio/child_process.hpp"

#include <signal.h>
#include <stdlib.h>

#include <algorithm>
#include <fstream>

#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "tests/unit/run_async.hpp"

using namespace mcpgw;
using namespace std::chrono_literals;
using mcpgw::transport::stdio::ChildOptions;
using mcpgw::transport::stdio::ChildProcess;
using Clock = std::chrono::steady_clock;

namespace {

ChildOptions command(std::vector<std::string> argv) {
  ChildOptions options;
  options.argv = std::move(argv);
  return options;
}

awaitable<std::shared_ptr<ChildProcess>> spawn(const ChildOptions& options) {
  auto child = ChildProcess::spawn(co_await asio::this_coro::executor, options);
  REQUIRE(child.has_value());
  co_return *child;
}

awaitable<std::string> receive_line(ChildProcess& child) {
  auto [ec, line] = co_await child.receive();
  REQUIRE_FALSE(ec);
  co_return std::move(line).take_text();
}

/// Gone, or a zombie left for whoever adopted it: either way no longer running.
bool process_gone(int pid) {
  if (::kill(pid, 0) != 0) return true;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  auto paren = text.rfind(')');
  return paren == std::string::npos || paren + 2 >= text.size() || text[paren + 2] == 'Z';
}

awaitable<bool> gone_within(int pid, std::chrono::milliseconds limit) {
  auto deadline = Clock::now() + limit;
  while (!process_gone(pid) && Clock::now() < deadline) co_await async::Signal().wait(10ms);
  co_return process_gone(pid);
}

}  // namespace

TEST_CASE("a child echoes lines back in order", "[stdio][child]") {
  test::run_async([]() -> awaitable<void> {
    auto options = command({"cat"});
    auto child = co_await spawn(options);
    std::vector<std::string> lines{"one", "two", R"({"jsonrpc":"2.0","id":3,"method":"x"})"};
    for (const auto& line : lines) CHECK_FALSE(child->send(line));
    for (const auto& line : lines) {
      std::string echoed = co_await receive_line(*child);
      CHECK(echoed == line);
    }
    co_await child->close();
    CHECK(child->exited());
    CHECK(child->exit_code() == 0);
    CHECK(child->send("after close") == Errc::upstream_exited);
  }());
}

TEST_CASE("a child that dies reports its exit code and last stderr lines", "[stdio][child]") {
  test::run_async([]() -> awaitable<void> {
    auto options = command({"sh", "-c", "echo oops >&2; exit 3"});
    auto child = co_await spawn(options);
    auto [ec, line] = co_await child->receive();
    CHECK(ec == Errc::upstream_exited);
    // The exit and the stderr drain are noticed by other coroutines shortly after EOF.
    auto deadline = Clock::now() + 2s;
    auto complete = [&] {
      auto detail = child->failure_detail();
      return detail.find("exit code 3") != std::string::npos &&
             detail.find("oops") != std::string::npos;
    };
    while (!complete() && Clock::now() < deadline) co_await async::Signal().wait(10ms);
    CHECK_THAT(child->failure_detail(), Catch::Contains("exit code 3") && Catch::Contains("oops"));
    CHECK(child->exit_code() == 3);
  }());
}

TEST_CASE("settled_failure_detail waits for a child's last words, whichever pipe is first", "[stdio][child]") {
  test::run_async([]() -> awaitable<void> {
    // stdout ends well before the stderr line and the exit: a fixed short wait after EOF misses them.
    auto options = command({"sh", "-c", "exec >&-; sleep 0.3; echo 'late words' >&2; exit 4"});
    auto child = co_await spawn(options);
    auto [ec, line] = co_await child->receive();
    CHECK(ec == Errc::upstream_exited);
    CHECK_FALSE(child->exited());
    auto detail = co_await child->settled_failure_detail();
    CHECK_THAT(detail, Catch::Contains("exit code 4") && Catch::Contains("late words"));
  }());
}

TEST_CASE("settled_failure_detail is bounded when a grandchild keeps stderr open", "[stdio][child]") {
  test::run_async([]() -> awaitable<void> {
    // setsid: out of the child's process group, so ending the group does not close its stderr.
    auto options = command({"sh", "-c", "setsid sleep 3 >/dev/null & echo bye >&2; exit 2"});
    auto child = co_await spawn(options);
    auto [ec, line] = co_await child->receive();
    CHECK(ec);
    auto started = Clock::now();
    auto detail = co_await child->settled_failure_detail();
    CHECK(Clock::now() - started < ChildProcess::kSettleLimit + 500ms);
    CHECK_THAT(detail, Catch::Contains("bye") && Catch::Contains("exit code 2"));
    co_await child->close();
  }());
}

TEST_CASE("close ends a child that ignores stdin EOF and SIGTERM with SIGKILL", "[stdio][child]") {
  test::run_async([]() -> awaitable<void> {
    // exec keeps the ignored SIGTERM and leaves no orphaned sleep behind.
    auto options = command({"sh", "-c", "trap '' TERM; exec sleep 30"});
    options.grace = 100ms;
    auto child = co_await spawn(options);
    auto start = Clock::now();
    co_await child->close();
    auto took = Clock::now() - start;
    CHECK(child->exited());
    CHECK(took >= 200ms);  // it outlasted both the stdin-close and the SIGTERM grace periods
    CHECK(took < 2s);
  }());
}

TEST_CASE("spawning a missing executable is an error", "[stdio][child]") {
  asio::io_context io;
  CHECK(
      ChildProcess::spawn(io.get_executor(), command({"mcpgw-test-no-such-program"})).has_error());
  CHECK(ChildProcess::spawn(io.get_executor(), command({"/nonexistent/mcpgw-test"})).has_error());
  CHECK(ChildProcess::spawn(io.get_executor(), {}).has_error());
}

TEST_CASE("environment overrides reach the child", "[stdio][child]") {
  test::run_async([]() -> awaitable<void> {
    auto options = command({"sh", "-c", "echo \"$FOO|$MCPGW_TEST_UNSET\""});
    options.env["FOO"] = "bar baz";
    auto child = co_await spawn(options);
    std::string echoed = co_await receive_line(*child);
    CHECK(echoed == "bar baz|");
    co_await child->close();
  }());
}

TEST_CASE("close also stops what the child started (a launcher's server)", "[stdio][child]") {
  test::run_async([]() -> awaitable<void> {
    // sh stays as the launcher; the background sleep stands for the server it started.
    auto options = command({"sh", "-c", "sleep 30 & echo $!; cat"});
    options.grace = 200ms;
    auto child = co_await spawn(options);
    int helper = std::stoi(co_await receive_line(*child));
    CHECK_FALSE(process_gone(helper));
    co_await child->close();
    bool gone = co_await gone_within(helper, 1s);
    CHECK(gone);
    if (!gone) ::kill(helper, SIGKILL);
  }());
}

TEST_CASE("a child that exits takes what it started with it", "[stdio][child]") {
  test::run_async([]() -> awaitable<void> {
    auto options = command({"sh", "-c", "sleep 30 & echo $!; exit 3"});
    options.grace = 200ms;
    auto child = co_await spawn(options);
    int helper = std::stoi(co_await receive_line(*child));
    bool gone = co_await gone_within(helper, 2s);
    CHECK(gone);
    if (!gone) ::kill(helper, SIGKILL);
    CHECK(child->exit_code() == 3);
  }());
}

TEST_CASE("close reaches a launcher's server that ignores stdin EOF", "[stdio][child]") {
  test::run_async([]() -> awaitable<void> {
    // The launcher waits on a server that never reads stdin: only SIGTERM to the group ends it.
    auto options = command({"sh", "-c", "sleep 30 < /dev/null & echo $!; wait"});
    options.grace = 100ms;
    auto child = co_await spawn(options);
    int helper = std::stoi(co_await receive_line(*child));
    co_await child->close();
    CHECK(child->exited());
    bool gone = co_await gone_within(helper, 1s);
    CHECK(gone);
    if (!gone) ::kill(helper, SIGKILL);
  }());
}

TEST_CASE("a child inherits only the allow-listed part of our environment", "[stdio][child]") {
  ::setenv("MCPGW_TEST_SECRET", "s3cret", 1);
  ::setenv("JWT_SECRET_KEY", "jwt-s3cret", 1);
  ::setenv("LC_MCPGW_TEST", "kept", 1);
  test::run_async([]() -> awaitable<void> {
    auto options = command(
        {"sh", "-c", "echo \"$MCPGW_TEST_SECRET|$JWT_SECRET_KEY|$LC_MCPGW_TEST|$FOO|${PATH:+path}|${HOME:+home}\""});
    options.env["FOO"] = "given";
    auto child = co_await spawn(options);
    std::string echoed = co_await receive_line(*child);
    CHECK(echoed == "||kept|given|path|home");
    co_await child->close();
  }());
  ::unsetenv("MCPGW_TEST_SECRET");
  ::unsetenv("JWT_SECRET_KEY");
  ::unsetenv("LC_MCPGW_TEST");
}

TEST_CASE("the environment allow-list", "[stdio][child]") {
  using mcpgw::transport::stdio::inherited_by_children;
  for (auto name : {"PATH", "HOME", "USER", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "TZ"})
    CHECK(inherited_by_children(name));
  for (auto name : {"JWT_SECRET_KEY", "AUTH_ENCRYPTION_SECRET", "BASIC_AUTH_PASSWORD", "LD_PRELOAD",
                    "PATHX", "LC", "path", ""})
    CHECK_FALSE(inherited_by_children(name));
}

TEST_CASE("many children start and stop while the loop keeps running", "[stdio][child]") {
  // Waiting for a child must never block the thread: a ticker counts on while 400 short-lived
  // children come and go, four at a time (stale readiness from one child's descriptor used to
  // end in a blocking waitpid on another, live one).
  test::run_async(
      []() -> awaitable<void> {
        auto ex = co_await asio::this_coro::executor;
        int ticks = 0;
        bool done = false;
        Clock::duration longest_gap{};
        asio::co_spawn(
            ex,
            [&]() -> awaitable<void> {
              asio::steady_timer timer(ex);
              auto last = Clock::now();
              while (!done) {
                timer.expires_after(5ms);
                co_await timer.async_wait(use_nothrow);
                ++ticks;
                longest_gap = std::max(longest_gap, Clock::now() - last);
                last = Clock::now();
              }
            },
            asio::detached);
        int remaining = 400;
        int running = 0;
        async::Signal finished;
        for (int lane = 0; lane < 4; ++lane) {
          ++running;
          asio::co_spawn(
              ex,
              [&]() -> awaitable<void> {
                while (remaining > 0) {
                  --remaining;
                  auto options = command({"cat"});
                  options.grace = 500ms;
                  auto child = co_await spawn(options);
                  CHECK_FALSE(child->send("x"));
                  co_await receive_line(*child);
                  co_await child->close();
                }
              },
              [&](std::exception_ptr) {
                if (--running == 0) finished.notify();
              });
        }
        while (running > 0) co_await finished.wait(1s);
        done = true;
        // The ticker was never starved for long. Each fork and exec holds the loop a moment (longer
        // under a sanitizer, on a loaded machine), so the bound is on the longest gap, not the rate:
        // a blocking wait on a live child stops the loop for good.
        INFO("ticks: " << ticks);
        CHECK(longest_gap < 1s);
      }(),
      60s);
}
