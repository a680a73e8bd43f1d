#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <unordered_map>

#include "core/async/signal.hpp"
#include "core/bridge/local_call.hpp"
#include "core/bridge/modern_remote.hpp"
#include "core/protocol/era_mapping.hpp"
#include "core/transport/remote_options.hpp"
#include "core/transport/stdio/own_stdio.hpp"
#include "core/transport/streamable_http/client.hpp"

namespace mcpgw::bridge {

/// Which era to speak to the remote server.
enum class EraChoice { automatic, legacy, modern };

/// Everything `mcpgw wrapper` needs.
struct WrapperConfig {
  transport::RemoteOptions remote;
  std::chrono::milliseconds request_timeout{60000};   // per request, from send to answer
  EraChoice era = EraChoice::automatic;               // automatic: probe with server/discover
};

/// A desktop client's stdio link to one remote MCP server: reads the client's messages from
/// stdin, serves each request in its own coroutine (many in flight, each answered exactly once
/// and under its own id, within request_timeout), and writes answers and server messages to
/// stdout. The server's era is found on the client's initialize (server/discover first); a
/// legacy server gets the client's messages as they are, a modern one through ModernRemote.
/// Owned through shared_ptr by run_wrapper and by its coroutines. Lives on one executor.
class WrapperSession : public LocalPeer, public std::enable_shared_from_this<WrapperSession> {
 public:
  WrapperSession(const asio::any_io_executor& ex, WrapperConfig config);

  /// Serves until stdin closes, then ends the remote session; returns the exit code.
  awaitable<int> run();
  /// Ends the remote session (DELETE) and our stdio, for a signal.
  awaitable<void> shutdown();

  void answer(LocalCall& call, std::string message) override;
  void fail(LocalCall& call, const transport::Delivery& delivery) override;
  void relay(const LocalCall& call, std::string message) override;
  void notify(std::string message) override;
  awaitable<jsonrpc::Json> ask(const LocalCall& call, std::string_view method, const jsonrpc::Json& params) override;

 private:
  enum class Era { unknown, detecting, legacy, modern };
  /// A request we sent the local client, waiting for its response; lives in ask()'s frame.
  struct Asked {
    jsonrpc::Json reply;
    bool done = false;
    async::Signal signal;
  };

  awaitable<void> read_local();
  awaitable<void> pump_remote();
  awaitable<void> serve_request(jsonrpc::Json request, std::string raw);
  /// dispatch(), but a failure inside it still answers the call (-32603), never silence.
  awaitable<void> dispatch_answered(jsonrpc::Json request, std::string raw, LocalCall& call);
  awaitable<void> dispatch(jsonrpc::Json request, std::string raw, LocalCall& call);
  awaitable<void> initialize(jsonrpc::Json request, std::string raw, LocalCall& call);
  awaitable<bool> choose_era(protocol::ModernClientContext context, LocalCall& call);
  awaitable<void> forward_legacy(const jsonrpc::Json& request, std::string raw, LocalCall& call);
  void on_notification(const jsonrpc::Json& message, std::string raw);
  void on_response(const jsonrpc::Json& message, std::string raw);
  void post_upstream(jsonrpc::Json message, std::string raw);

  asio::any_io_executor ex_;
  WrapperConfig config_;
  std::shared_ptr<transport::stdio::OwnStdio> local_;
  std::shared_ptr<transport::streamable_http::Client> remote_;
  std::unique_ptr<ModernRemote> modern_;
  Era era_ = Era::unknown;
  async::Signal era_known_;
  std::unordered_map<std::string, LocalCall*> calls_;    // by id_key; owned by serve_request frames
  async::Signal calls_changed_;
  std::unordered_map<std::string, Asked*> asked_;        // by id_key; owned by ask() frames
  std::int64_t next_ask_id_ = 1;
};

}  // namespace mcpgw::bridge
