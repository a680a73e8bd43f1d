#include "core/bridge/wrapper_bridge.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include "core/log/logger.hpp"

namespace mcpgw::bridge {

int run_wrapper(const WrapperConfig& config) {
  asio::io_context ctx(1);
  auto session = std::make_shared<WrapperSession>(ctx.get_executor(), config);
  MCPGW_LOG(info, "wrapper_start", "url=" << config.remote.url.to_string()
                                          << " timeout_ms=" << config.request_timeout.count());
  int exit_code = 0;
  asio::co_spawn(ctx, session->run(), [&](std::exception_ptr e, int code) {
    if (exit_code == 0) exit_code = code;
    if (e) {
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        MCPGW_LOG(error, "wrapper_failed", "what=\"" << ex.what() << "\"");
        exit_code = 2;
      }
    }
    ctx.stop();
  });
  // The first signal ends the remote session politely (bounded by the client's timeouts); a
  // second one stops at once.
  asio::signal_set signals(ctx, SIGINT, SIGTERM);
  signals.async_wait([&](error_code ec, int) {
    if (ec) return;
    exit_code = 130;
    asio::co_spawn(ctx, session->shutdown(), [&](std::exception_ptr) { ctx.stop(); });
    signals.async_wait([&](error_code again, int) {
      if (!again) ctx.stop();
    });
  });
  ctx.run();
  return exit_code;
}

}  // namespace mcpgw::bridge
