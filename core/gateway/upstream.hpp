#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <boost/system/result.hpp>

#include "core/async/awaitable.hpp"
#include "core/http/destination_policy.hpp"
#include "core/jsonrpc/message.hpp"
#include "core/session/shared_session.hpp"
#include "core/store/records.hpp"

namespace mcpgw::gateway {

using HeaderPairs = std::vector<std::pair<std::string, std::string>>;

/// How an Upstream reaches its server: time limits and where it may connect.
struct UpstreamLimits {
  std::chrono::seconds connect_timeout{30};
  std::chrono::milliseconds initialize_timeout{60000};   // the initialize handshake
  std::shared_ptr<const http::DestinationPolicy> destinations;  // SSRF policy; null = anywhere
};

/// The one pooled MCP session `serve` keeps with a registered gateway: a stdio child it runs
/// itself, or a remote server over streamable HTTP or legacy SSE. Every downstream client's
/// calls share it (SharedSession remaps ids and progress tokens). A stdio or streamable HTTP
/// upstream that answers server/discover is spoken to in 2026-07-28 (SharedSession::modern()).
/// A lost session is opened again (and its era probed again) by the next call or health check.
/// Lives on the network executor.
class Upstream {
 public:
  /// `auth_headers` are the decrypted credentials, sent on every HTTP request.
  Upstream(const asio::any_io_executor& ex, store::Gateway gateway, HeaderPairs auth_headers,
           UpstreamLimits limits);

  const store::Gateway& gateway() const { return gateway_; }
  const std::shared_ptr<session::SharedSession>& session() const { return session_; }

  /// Opens the session if needed (initialize handshake once for everyone).
  awaitable<error_code> ready();
  /// Why the last attempt failed, in words a user can act on.
  std::string failure() const;

  /// One request of the gateway's own (discovery, health checks): its response message, or an
  /// error when the session cannot be opened or `timeout` passes.
  awaitable<boost::system::result<jsonrpc::Json>> request(std::string method, jsonrpc::Json params,
                                                          std::chrono::milliseconds timeout);

  awaitable<void> close();

 private:
  awaitable<boost::system::result<std::shared_ptr<transport::Channel>>> open_channel();

  asio::any_io_executor ex_;
  store::Gateway gateway_;
  HeaderPairs auth_headers_;
  UpstreamLimits limits_;
  std::string open_failure_;  // why the last connect of an SSE upstream failed, in words
  std::shared_ptr<session::SharedSession> session_;
  std::int64_t next_own_id_ = 1;
};

/// The capabilities the gateway declares to upstreams: it relays sampling, elicitation and
/// roots requests to the downstream client that caused them.
jsonrpc::Json gateway_client_capabilities();

}  // namespace mcpgw::gateway
