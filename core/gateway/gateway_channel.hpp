#pragma once

#include <memory>
#include <string>
#include <unordered_map>

#include "core/async/message_queue.hpp"
#include "core/gateway/federation.hpp"
#include "core/gateway/metrics.hpp"
#include "core/transport/channel.hpp"

namespace mcpgw::gateway {

/// The MCP server a client of `serve` talks to: one per downstream session (or one per
/// virtual server for the stateless era, shared through a SharedUpstream). It answers
/// initialize, lists and pings from the CatalogView and forwards tools/call, resources/read,
/// prompts/get and completion/complete to the owning gateway's pooled session, relaying
/// progress, logs, cancellation and the upstream's sampling/elicitation/roots requests.
/// As a Channel it slots under the same HTTP transports `translate` uses. `server_id` ""
/// serves everything the gateway has. Lives on the network executor.
class GatewayChannel : public transport::Channel,
                       public CatalogListener,
                       public std::enable_shared_from_this<GatewayChannel> {
 public:
  /// `client_headers` are the HTTP headers the client opened its session with; a gateway's
  /// passthrough_headers pick from them (never Authorization).
  GatewayChannel(const asio::any_io_executor& ex, Federation& federation, Metrics& metrics, std::string server_id,
                 HeaderPairs client_headers = {});

  /// Subscribes to catalog changes; call once after construction.
  void start();

  error_code send(std::string message) override;
  awaitable<std::tuple<error_code, std::string>> receive() override;
  awaitable<void> close() override;

  void catalog_changed(unsigned kinds) override;

  /// Lists are cut into pages of this many items.
  static constexpr std::size_t kPageSize = 100;

 private:
  struct InFlight {
    std::shared_ptr<session::SharedUpstream> session;
    std::shared_ptr<session::SharedUpstream::Call> call;
  };
  struct ServerRequest {
    std::weak_ptr<session::SharedUpstream> session;
    jsonrpc::Json upstream_id;
  };

  awaitable<void> handle(jsonrpc::Json request);
  awaitable<void> forward(jsonrpc::Json request, std::string gateway_id, std::string tool);
  jsonrpc::Json initialize_result(const jsonrpc::Json& params) const;
  transport::HeaderList passthrough_for(const store::Gateway& gateway) const;
  jsonrpc::Json list(const std::string& method, const jsonrpc::Json& params, bool& bad_cursor) const;
  void reply(const jsonrpc::Json& message);
  void reply_error(const jsonrpc::Json& id, int code, std::string_view message);
  void on_notification(const jsonrpc::Json& message);
  void on_response(const jsonrpc::Json& message);

  asio::any_io_executor ex_;
  Federation& federation_;
  Metrics& metrics_;
  std::string server_id_;
  HeaderPairs client_headers_;
  async::MessageQueue out_{1 << 16};
  std::unordered_map<std::string, InFlight> in_flight_;           // by id_key of the client's id
  std::unordered_map<std::string, ServerRequest> server_requests_;  // by id_key of our downstream id
  std::uint64_t next_server_request_ = 1;
  bool initialized_ = false;
  bool closed_ = false;
};

}  // namespace mcpgw::gateway
