#include "core/bridge/remote_bridge.hpp"

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>

#include <unordered_set>

#include "core/async/run_until_signalled.hpp"
#include "core/async/signal.hpp"
#include "core/bridge/wrapper_bridge.hpp"
#include "core/error.hpp"
#include "core/exit_code.hpp"
#include "core/jsonrpc/message.hpp"
#include "core/log/logger.hpp"
#include "core/transport/sse/client.hpp"
#include "core/transport/stdio/own_stdio.hpp"

namespace mcpgw::bridge {

namespace {

enum class Ended { local_closed, remote_failed };

/// Requests the local client is still waiting for, so that a closed stdin does not cut off
/// answers already on their way.
struct InFlight {
  std::unordered_set<std::string> ids;
  async::Signal changed;
};

// How long answers already on their way may still arrive after the local client closed stdin.
constexpr auto kAnswersAfterStdinClosed = std::chrono::seconds(30);

/// Local client → remote server: each line checked as JSON-RPC; bad ones answered here.
awaitable<Ended> local_to_remote(transport::stdio::OwnStdio& local, transport::Channel& remote, InFlight& in_flight) {
  for (;;) {
    auto [ec, line] = co_await local.receive();
    if (ec) {
      auto deadline = std::chrono::steady_clock::now() + kAnswersAfterStdinClosed;
      while (!in_flight.ids.empty() && std::chrono::steady_clock::now() < deadline)
        co_await in_flight.changed.wait(deadline - std::chrono::steady_clock::now());
      co_return Ended::local_closed;
    }
    jsonrpc::Json error;
    auto message = jsonrpc::parse(line.text(), error);
    if (!message) {
      local.send(std::move(error));
      continue;
    }
    if (message->is_object() && jsonrpc::classify(*message) == jsonrpc::Kind::request)
      in_flight.ids.insert(jsonrpc::id_key((*message)["id"]));
    if (auto sec = remote.send(std::move(line))) co_return Ended::remote_failed;
  }
}

/// Remote server → local client, as they come.
awaitable<Ended> remote_to_local(transport::Channel& remote, transport::stdio::OwnStdio& local, InFlight& in_flight) {
  for (;;) {
    auto [ec, message] = co_await remote.receive();
    if (ec) co_return Ended::remote_failed;
    // The remote transport parsed it already: reading it is free.
    const jsonrpc::Json& m = message.json();
    if (m.is_object() && jsonrpc::classify(m) == jsonrpc::Kind::response && in_flight.ids.erase(jsonrpc::id_key(m["id"])))
      in_flight.changed.notify();
    local.send(std::move(message));
  }
}

awaitable<int> run(const RemoteBridgeConfig& config) {
  using namespace asio::experimental::awaitable_operators;
  auto ex = co_await asio::this_coro::executor;
  auto local = std::make_shared<transport::stdio::OwnStdio>(ex);
  local->start();

  auto remote = std::make_shared<transport::sse::Client>(ex, config.remote);
  if (auto ec = co_await remote->connect()) {
    MCPGW_LOG(error, "remote_connect_failed", "reason=\"" << remote->failure_detail() << "\"");
    co_return kExitRuntimeFailed;
  }
  MCPGW_LOG(info, "remote_bridge", "url=" << config.remote.url.to_string());

  InFlight in_flight;
  auto ended = co_await (local_to_remote(*local, *remote, in_flight) || remote_to_local(*remote, *local, in_flight));
  int code = kExitOk;
  if (ended.index() == 1 || std::get<0>(ended) == Ended::remote_failed) {
    MCPGW_LOG(error, "remote_closed", "reason=\"" << remote->failure_detail() << "\"");
    code = kExitRuntimeFailed;
  }
  co_await remote->close();
  co_await local->close();
  co_return code;
}

}  // namespace

int run_remote_bridge(const RemoteBridgeConfig& config) {
  if (config.transport != RemoteTransport::sse) {
    WrapperConfig wrapper;
    wrapper.remote = config.remote;
    wrapper.remote.sse_fallback = config.transport == RemoteTransport::automatic;
    wrapper.request_timeout = config.request_timeout;
    return run_wrapper(wrapper);
  }
  asio::io_context ctx(1);
  return async::run_until_signalled(ctx, {kExitInterrupted, {}}, [&config] { return run(config); },
                                    "remote_bridge_failed");
}

}  // namespace mcpgw::bridge
