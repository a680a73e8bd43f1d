#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>

#include "core/async/message_queue.hpp"
#include "core/gateway/federation.hpp"
#include "core/gateway/metrics.hpp"
#include "core/jsonrpc/failure.hpp"
#include "core/protocol/era_mapping.hpp"
#include "core/transport/channel.hpp"

namespace mcpgw::gateway {

/// The MCP server a client of `serve` talks to: one per downstream session (or one per
/// virtual server for the stateless era, shared through a SharedSession). It answers
/// initialize, lists and pings from the CatalogView and forwards tools/call, resources/read,
/// prompts/get and completion/complete to the owning gateway's pooled session, relaying
/// progress, logs, cancellation and the upstream's sampling/elicitation/roots requests.
/// As a Channel it slots under the same HTTP transports `translate` uses. `server_id` ""
/// serves everything the gateway has.
/// A gateway that speaks 2026-07-28 gets a 2026-07-28 request (carrying _meta) as it came;
/// a legacy client's request goes to it with that client's _meta (from its initialize), and
/// its input_required results become real requests to the client, answered and retried with
/// the requestState until the result is complete. Lives on the network executor.
class VirtualServerSession : public transport::Channel,
                       public CatalogListener,
                       public std::enable_shared_from_this<VirtualServerSession> {
 public:
  /// `client_headers` are the HTTP headers the client opened its session with; a gateway's
  /// passthrough_headers pick from them (never Authorization).
  VirtualServerSession(const asio::any_io_executor& ex, Federation& federation, Metrics& metrics, std::string server_id,
                 HeaderPairs client_headers = {});

  /// Subscribes to catalog changes; call once after construction.
  void start();

  /// Takes a client's message; a parsed one (the HTTP transports parse every body) is not
  /// parsed again.
  error_code send(jsonrpc::Envelope message) override;
  awaitable<std::tuple<error_code, jsonrpc::Envelope>> receive() override;
  bool deliver_to(transport::MessageSink sink) override;
  awaitable<void> close() override;

  void catalog_changed(unsigned kinds) override;
  void resource_updated(const std::string& uri) override;
  /// Sends every local resource update, not only those of resources/subscribe: for the channel
  /// that 2026-07-28 clients share, whose subscriptions/listen streams pick by their own URIs.
  void send_every_resource_update() { every_resource_update_ = true; }

  /// Whether `request` (tools/call, prompts/get or resources/read in scope `server_id`) goes to
  /// a gateway whose session is open and speaks 2026-07-28: a modern client's request for it
  /// can pass through unchanged.
  static bool reaches_modern_upstream(Federation& federation, const std::string& server_id,
                                      const jsonrpc::Json& request);

  /// The next message for the client, or nullopt when none comes within `limit` or the
  /// channel closed (/rpc waits for its one answer this way).
  awaitable<std::optional<jsonrpc::Envelope>> receive_within(std::chrono::steady_clock::duration limit);

  /// Lists are cut into pages of this many items.
  static constexpr std::size_t kPageSize = 100;

 private:
  /// A client request being handled: its id is taken until it ends or is cancelled; once
  /// cancelled, nothing more is sent for it. `session`/`call` are set while a gateway serves it.
  struct InFlight {
    std::uint64_t serial = 0;  // tells a reused id's request from the one that was cancelled
    std::shared_ptr<session::SharedSession> session;
    std::shared_ptr<session::SharedSession::Call> call;
    std::shared_ptr<asio::cancellation_signal> stop;  // a REST tool's call in flight
  };
  /// A request sent to the client: an upstream's own (answered through its session), or one
  /// made from a modern upstream's input_required (its answer goes to `local`).
  struct ServerRequest {
    std::weak_ptr<session::SharedSession> session;
    jsonrpc::Json upstream_id;
    std::shared_ptr<async::MessageQueue> local;
  };

  awaitable<void> run(jsonrpc::Json request, std::string key, std::uint64_t serial);
  awaitable<void> handle(jsonrpc::Json request, const std::string& key, std::uint64_t serial);
  awaitable<void> forward(jsonrpc::Json request, std::string gateway_id, std::string tool, const std::string& key,
                          std::uint64_t serial);
  /// A REST tool's call, made by serve itself (no gateway session): its outcome answers `request`.
  awaitable<void> call_rest_tool(jsonrpc::Json request, std::shared_ptr<const CatalogView> view,
                                 const store::Tool& tool, const std::string& key, std::uint64_t serial);
  /// Asks the client one request of a modern upstream's input_required result, for the client
  /// request (key, serial): its response, or null (no answer in time, or the request retired).
  awaitable<jsonrpc::Json> ask_client(std::string method, jsonrpc::Json params, const std::string& key,
                                      std::uint64_t serial);
  jsonrpc::Json initialize_result(const jsonrpc::Json& params) const;
  transport::HeaderList passthrough_for(const store::Gateway& gateway) const;
  jsonrpc::Json list(const std::string& method, const jsonrpc::Json& params, bool& bad_cursor) const;
  void reply(jsonrpc::Envelope message);
  void reply_error(const jsonrpc::Json& id, jsonrpc::Failure failure, std::string_view message);
  /// The error of a call the UpstreamGuard refused (circuit open, busy), with its data.
  void reply_refusal(const jsonrpc::Json& id, const UpstreamGuard::Pass& pass);
  void on_notification(const jsonrpc::Json& message);
  void on_response(const jsonrpc::Json& message);
  /// Whether the request (id key, serial) was cancelled, has ended, or the channel closed.
  bool retired(const std::string& key, std::uint64_t serial) const;

  asio::any_io_executor ex_;
  Federation& federation_;
  Metrics& metrics_;
  std::string server_id_;
  HeaderPairs client_headers_;
  async::MessageQueue out_{1 << 16};  // for receive(), unless a sink takes each message
  transport::MessageSink sink_;
  std::unordered_map<std::string, InFlight> in_flight_;           // by id_key of the client's id
  std::unordered_map<std::string, ServerRequest> server_requests_;  // by id_key of our downstream id
  std::uint64_t next_server_request_ = 1;
  std::uint64_t next_serial_ = 1;
  protocol::ModernClientContext client_context_;  // what a modern upstream is told of this client
  std::unordered_set<std::string> subscribed_uris_;  // local resources this client subscribed to
  bool every_resource_update_ = false;
  bool initialized_ = false;
  bool closed_ = false;
};

}  // namespace mcpgw::gateway
