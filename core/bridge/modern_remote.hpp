#pragma once

#include <memory>
#include <set>
#include <string>
#include <string_view>

#include "core/async/signal.hpp"
#include "core/bridge/local_call.hpp"
#include "core/protocol/era_mapping.hpp"
#include "core/protocol/tool_headers.hpp"
#include "core/transport/streamable_http/client.hpp"

namespace mcpgw::bridge {

/// Speaks the stateless era (2026-07-28) to a remote server for a legacy local client
/// (2026-07-28 versioning, legacy client → modern server). Every request goes out under our own
/// id with the modern _meta and headers; an input_required result becomes real requests to the
/// local client, and the request goes again under a new id with their answers and the
/// requestState as it came. ping, logging/setLevel and resources/(un)subscribe are answered
/// here; one subscriptions/listen stream brings list_changed and resource updates.
/// A local client that speaks 2026-07-28 itself (its requests carry the _meta) gets the server's
/// results untouched. Lives on the wrapper's executor.
class ModernRemote {
 public:
  ModernRemote(std::shared_ptr<transport::streamable_http::Client> remote, LocalPeer& local,
                 protocol::ModernClientContext context, jsonrpc::Json discover_result);

  /// Who the local client is (a legacy client's initialize, after a modern probe chose the era).
  void set_context(protocol::ModernClientContext context) { context_ = std::move(context); }
  /// The answer to the local client's initialize.
  jsonrpc::Json initialize_result(std::string_view requested_version) const;
  const jsonrpc::Json& discover_result() const { return discover_; }

  /// Answers what this era handles without the server; false when `request` must go upstream.
  bool answer_locally(const jsonrpc::Json& request, LocalCall& call);
  /// Forwards one local request and answers it through the LocalPeer.
  awaitable<void> forward(jsonrpc::Json request, LocalCall& call);
  /// Keeps a subscriptions/listen stream open (reopened when the subscriptions change) until close().
  awaitable<void> listen();
  void close();

 private:
  /// What one round trip brought: the answer (a server's JSON-RPC error too), or a failure.
  struct RoundTrip {
    transport::Delivery delivery;
    jsonrpc::Json answer;   // null when nothing answered
  };

  /// Sends `request` under a new id of ours, relaying what its stream carries to `call`.
  awaitable<RoundTrip> round_trip(jsonrpc::Json& request, const LocalCall& call);
  awaitable<void> refresh_tool_headers(const LocalCall& call);
  jsonrpc::Json listen_filter() const;

  std::shared_ptr<transport::streamable_http::Client> remote_;
  LocalPeer& local_;
  protocol::ModernClientContext context_;
  jsonrpc::Json discover_;
  protocol::ToolHeaders tool_headers_;
  std::set<std::string> subscriptions_;
  async::Signal subscriptions_changed_;
  std::int64_t next_id_ = 1;
  bool closed_ = false;
};

}  // namespace mcpgw::bridge
