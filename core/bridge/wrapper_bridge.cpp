#include "core/bridge/wrapper_bridge.hpp"

#include <boost/asio/io_context.hpp>

#include "core/async/run_until_signalled.hpp"
#include "core/exit_code.hpp"
#include "core/log/logger.hpp"

namespace mcpgw::bridge {

int run_wrapper(const WrapperConfig& config) {
  asio::io_context ctx(1);
  auto session = std::make_shared<WrapperSession>(ctx.get_executor(), config);
  MCPGW_LOG(info, "wrapper_start", "url=" << config.remote.url.to_string()
                                          << " timeout_ms=" << config.request_timeout.count());
  // The first signal ends the remote session politely (bounded by the client's timeouts); a
  // second one stops at once.
  return async::run_until_signalled(
      ctx, {kExitInterrupted, [session] { return session->shutdown(); }}, [session] { return session->run(); },
      "wrapper_failed");
}

}  // namespace mcpgw::bridge
