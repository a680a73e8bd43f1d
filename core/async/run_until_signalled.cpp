#include "core/async/run_until_signalled.hpp"

#include <csignal>
#include <optional>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/signal_set.hpp>

#include "core/async/task_failure.hpp"
#include "core/exit_code.hpp"
#include "core/log/logger.hpp"

namespace mcpgw::async {

int run_until_signalled(asio::io_context& ctx, OnSignal on_signal, std::function<awaitable<int>()> main,
                        std::string_view failure_event) {
  std::optional<int> status;  // the first of: main's result, the signal's status
  if (main) {
    asio::co_spawn(ctx, main(), [&](std::exception_ptr e, int code) {
      if (!status) status = code;
      if (e) {
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& ex) {
          MCPGW_LOG(error, failure_event, "what=\"" << ex.what() << "\"");
          status = kExitRuntimeFailed;
        }
      }
      ctx.stop();
    });
  }
  asio::signal_set signals(ctx, SIGINT, SIGTERM);
  signals.async_wait([&](error_code ec, int signo) {
    if (ec) return;
    if (!status) status = on_signal.status;
    if (!on_signal.drain) {
      ctx.stop();
      return;
    }
    MCPGW_LOG(info, "shutdown", "signal=" << signo << " draining=true");
    asio::co_spawn(ctx, on_signal.drain(), [&](std::exception_ptr e) {
      log_task_failure(e);
      ctx.stop();
    });
    signals.async_wait([&](error_code again, int) {
      if (!again) ctx.stop();
    });
  });
  ctx.run();
  return status.value_or(on_signal.status);
}

}  // namespace mcpgw::async
