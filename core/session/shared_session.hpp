#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/system/result.hpp>

#include "core/async/message_queue.hpp"
#include "core/async/signal.hpp"
#include "core/jsonrpc/message.hpp"
#include "core/protocol/era_mapping.hpp"
#include "core/protocol/tool_headers.hpp"
#include "core/transport/channel.hpp"

namespace mcpgw::session {

/// One legacy upstream session that the gateway opens and initializes itself, shared by many
/// stateless downstream requests (modern clients, --stateless). Ids and progress tokens are
/// remapped per hop so concurrent callers never see each other's messages. A crashed upstream
/// fails its calls and is started afresh by the next ready(). Lives on one executor.
class SharedSession : public std::enable_shared_from_this<SharedSession> {
 public:
  using Factory = std::function<boost::system::result<std::shared_ptr<transport::Channel>>()>;
  /// For channels that must connect before they carry messages (a legacy SSE stream).
  using AsyncFactory = std::function<awaitable<boost::system::result<std::shared_ptr<transport::Channel>>>()>;
  using Queue = async::MessageQueue;

  /// One downstream request in flight upstream. Its queue receives, in order: progress and log
  /// notifications (client token restored), server→client requests (upstream ids, to be answered
  /// with answer()), and finally the response (client id restored). They come parsed: whoever
  /// takes them reads json() for free and text() serializes once.
  struct Call {
    std::int64_t upstream_id = 0;
    jsonrpc::Json client_id;
    std::string method;
    std::shared_ptr<Queue> queue;
    std::string upstream_progress;   // the token we sent upstream, "" if none
    jsonrpc::Json client_progress;   // the client's own token
    std::uint64_t order = 0;
  };

  SharedSession(Factory factory, jsonrpc::Json client_capabilities, jsonrpc::Json client_info);
  SharedSession(AsyncFactory factory, jsonrpc::Json client_capabilities, jsonrpc::Json client_info);

  /// Starts the upstream and performs the initialize handshake, once; concurrent callers share it.
  awaitable<error_code> ready();
  /// How long ready() waits for the answer to initialize (default 60 s).
  void set_initialize_timeout(std::chrono::milliseconds timeout) { initialize_timeout_ = timeout; }
  /// 2026-07-28 versioning: ready() first sends server/discover and, when the upstream answers
  /// it, speaks the stateless era to it: no initialize; requests keep the _meta the caller gave
  /// them (a request without one gets this session's own: its capabilities and client info) and
  /// go with the era's headers (MCP-Protocol-Version, Mcp-Method, Mcp-Name, and Mcp-Param-* for
  /// tools whose x-mcp-header annotations a tools/list answer showed); results (input_required
  /// too) come back as they are.
  /// Silence for `probe_timeout`, or any other answer, means legacy. Asked again after every
  /// restart. A child that dies of the probe is started again without it.
  void set_detect_modern(bool on, std::chrono::milliseconds probe_timeout = std::chrono::seconds(5)) {
    detect_modern_ = on;
    probe_timeout_ = probe_timeout;
  }
  /// A modern upstream sends list_changed notifications only on a subscriptions/listen stream:
  /// with this on, ready() opens one for the lists its DiscoverResult says can change, and what
  /// it brings goes to the listeners (add_listener). Opened again after every restart.
  void set_listen_for_changes(bool on) { listen_for_changes_ = on; }
  /// The running upstream speaks 2026-07-28 (see set_detect_modern); valid once ready().
  bool modern() const { return modern_; }
  /// A modern upstream's answer to server/discover (null for a legacy one).
  const jsonrpc::Json& discover_result() const { return discover_result_; }
  /// The upstream's InitializeResult; for a modern upstream, the one its DiscoverResult implies.
  const jsonrpc::Json& initialize_result() const { return initialize_result_; }
  /// Why the last start or the running upstream failed, for error messages.
  const std::string& failure() const { return failure_; }
  bool is_ready() const { return state_ == State::ready; }
  /// Calls in flight (for draining on shutdown), not counting the change listener's stream.
  std::size_t in_flight() const { return calls_.size() - (change_listener_ && calls_.count(change_listener_) ? 1 : 0); }

  /// Sends `request` (a client request, modern _meta already stripped) upstream.
  /// `headers` go with this request only (HTTP upstreams; a gateway's passthrough headers).
  boost::system::result<std::shared_ptr<Call>> start(jsonrpc::Json request, std::shared_ptr<Queue> queue,
                                                     transport::HeaderList headers = {});
  /// Points a call at a new client id and queue (a modern client's retry with input responses).
  void rebind(Call& call, const jsonrpc::Json& client_id, std::shared_ptr<Queue> queue);
  /// Answers a server→client request: `outcome` holds "result" or "error".
  error_code answer(const jsonrpc::Json& upstream_request_id, const jsonrpc::Json& outcome);
  /// The caller gave up: tells the upstream (notifications/cancelled) and forgets the call.
  void cancel(Call& call, std::string_view reason);
  /// Forgets a call whose response has been delivered.
  void finish(Call& call);

  /// Queues that receive list_changed and resource-updated notifications.
  void add_listener(std::shared_ptr<Queue> queue);
  void remove_listener(const Queue* queue);

  awaitable<void> close();

 private:
  enum class State { idle, starting, ready };
  enum class Probe { modern, legacy, died };
  /// An answer to one of our own requests (the handshake), or why there is none.
  struct Exchanged {
    error_code ec;
    jsonrpc::Json reply;
  };

  awaitable<error_code> open();
  awaitable<Probe> probe_era();
  /// Who this session is to a modern upstream: its capabilities and client info.
  protocol::ModernClientContext own_context() const;
  awaitable<error_code> initialize();
  awaitable<Exchanged> exchange_own(jsonrpc::Json request, std::chrono::milliseconds timeout,
                                    transport::HeaderList headers = {});
  awaitable<error_code> give_up(error_code ec);

  awaitable<void> pump(std::shared_ptr<transport::Channel> channel);
  /// Opens the subscriptions/listen stream of set_listen_for_changes (modern upstreams).
  void listen_for_changes(const asio::any_io_executor& ex);
  awaitable<void> relay_changes(std::shared_ptr<Queue> queue);
  void route(jsonrpc::Envelope message);
  void route_server_request(jsonrpc::Envelope message);
  /// The listen call a 2026-07-28 notification names in _meta (subscriptionId), if in flight.
  Call* subscription_of(const jsonrpc::Json& notification);
  void fail_calls(const std::string& why);
  Call* newest_call();

  AsyncFactory factory_;
  jsonrpc::Json client_capabilities_;
  jsonrpc::Json client_info_;
  std::shared_ptr<transport::Channel> channel_;
  State state_ = State::idle;
  async::Signal state_changed_;
  jsonrpc::Json initialize_result_;
  std::string failure_;
  std::chrono::milliseconds initialize_timeout_{60000};
  bool detect_modern_ = false;
  std::chrono::milliseconds probe_timeout_{5000};
  bool modern_ = false;
  bool listen_for_changes_ = false;
  std::int64_t change_listener_ = 0;  // upstream id of that stream's call, 0 if none
  jsonrpc::Json discover_result_;
  protocol::ToolHeaders tool_headers_;  // a modern upstream's x-mcp-header tools
  std::int64_t next_id_ = 1;
  std::uint64_t next_order_ = 0;
  std::unordered_map<std::int64_t, std::shared_ptr<Call>> calls_;
  std::unordered_map<std::string, std::shared_ptr<Call>> by_progress_;
  std::vector<std::shared_ptr<Queue>> listeners_;
};

}  // namespace mcpgw::session
