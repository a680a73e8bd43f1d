#pragma once

#include <functional>
#include <string_view>

#include <boost/asio/io_context.hpp>

#include "core/async/awaitable.hpp"

namespace mcpgw::async {

/// What SIGINT/SIGTERM do to a command's io_context.
struct OnSignal {
  /// The exit status after a signal (core/exit_code.hpp): kExitOk for servers, kExitInterrupted
  /// for stdio tools.
  int status = 0;
  /// Runs after the first signal (stop accepting, finish answers, close sessions); the context
  /// stops when it ends, or at once on a second signal. Empty: the first signal stops at once.
  std::function<awaitable<void>()> drain;
};

/// The driver every command's io_context runs under: runs `ctx` (on this thread) until `main`
/// returns, or a signal has been handled as `on_signal` says. Returns main's result, or
/// on_signal.status when the signal came first, or kExitRuntimeFailed when main threw (logged
/// as event=`failure_event`). Without `main` (a server that runs until told to stop), only a
/// signal ends it, and the result is on_signal.status.
int run_until_signalled(asio::io_context& ctx, OnSignal on_signal, std::function<awaitable<int>()> main = {},
                        std::string_view failure_event = "task_failed");

}  // namespace mcpgw::async
