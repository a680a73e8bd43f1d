#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>

#include "core/async/message_queue.hpp"
#include "core/protocol/era_mapping.hpp"
#include "core/session/shared_session.hpp"
#include "core/transport/channel.hpp"

namespace mcpgw::session {

/// One legacy client session (2024-11-05 … 2025-11-25) served by a 2026-07-28 upstream, as a
/// Channel: the session's transport talks to it as it would to a legacy server's stdin/stdout.
/// 2026-07-28 versioning, legacy client → modern server:
/// - initialize is answered from the upstream's DiscoverResult; ping and logging/setLevel here;
/// - every other request goes upstream with this client's _meta (capabilities and client info
///   from its initialize, the level from logging/setLevel);
/// - an input_required result becomes real sampling, elicitation and roots requests to the
///   client (those its capabilities allow), and the request goes again with their answers and
///   the requestState as it came, until the result is complete;
/// - list_changed and the resources/updated of resources/subscribe come on a subscriptions/listen
///   stream this session keeps open, reopened when its subscriptions change.
/// The upstream (a SharedSession that found the server modern) is shared with other sessions.
/// Lives on the upstream's executor.
class ModernSessionChannel : public transport::Channel,
                             public std::enable_shared_from_this<ModernSessionChannel> {
 public:
  /// `ask_timeout` bounds each request to the client made from an input_required result.
  ModernSessionChannel(const asio::any_io_executor& ex, std::shared_ptr<SharedSession> upstream,
                       std::chrono::milliseconds ask_timeout);

  error_code send(jsonrpc::Envelope message) override;
  awaitable<std::tuple<error_code, jsonrpc::Envelope>> receive() override;
  awaitable<void> close() override;
  std::string failure_detail() const override { return upstream_->failure(); }

 private:
  awaitable<void> run(jsonrpc::Json request);
  awaitable<void> forward(jsonrpc::Json request);
  /// One request to the client (from an input_required result): its response, or null.
  awaitable<jsonrpc::Json> ask_client(std::string method, jsonrpc::Json params);
  /// (Re)opens the subscriptions/listen stream for the lists and resources this session follows.
  void listen();
  awaitable<void> relay_listen(std::shared_ptr<async::MessageQueue> queue);
  void reply(jsonrpc::Envelope message);

  asio::any_io_executor ex_;
  std::shared_ptr<SharedSession> upstream_;
  std::chrono::milliseconds ask_timeout_;
  async::MessageQueue out_{1 << 16};
  protocol::ModernClientContext context_;
  std::unordered_map<std::string, std::shared_ptr<SharedSession::Call>> in_flight_;  // by id_key
  std::unordered_map<std::string, std::shared_ptr<async::MessageQueue>> asked_;      // by our id
  std::uint64_t next_ask_ = 1;
  std::set<std::string> subscriptions_;
  std::shared_ptr<SharedSession::Call> listen_;
  bool closed_ = false;
};

}  // namespace mcpgw::session
