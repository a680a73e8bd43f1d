#include "core/transport/stdio/child_process.hpp"

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
  co_return line;
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
