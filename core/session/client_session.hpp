#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>

#include "core/async/message_queue.hpp"
#include "core/session/event_log.hpp"
#include "core/jsonrpc/message.hpp"
#include "core/transport/channel.hpp"

namespace mcpgw::session {

using Queue = async::MessageQueue;

/// One client session whose messages pass through to a channel of its own (a stdio child, a remote
/// session). Ids pass through unchanged: the upstream serves this client alone.
/// Routes what the upstream sends: a response to the queue of the request it answers; progress
/// to the request that owns the token; other requests and notifications to the newest in-flight
/// request that can stream, else to the session's standalone stream, else to a bounded backlog.
/// Lives on one executor; found by id through a SessionTable (hence shared_ptr).
class ClientSession : public std::enable_shared_from_this<ClientSession> {
 public:
  using Clock = std::chrono::steady_clock;

  ClientSession(std::string id, std::shared_ptr<transport::Channel> upstream);
  ~ClientSession();

  /// Starts reading from the upstream (or, for an in-process one, taking what it delivers).
  void start(const asio::any_io_executor& ex);
  /// The executor start() was given (empty before).
  const asio::any_io_executor& executor() const { return ex_; }
  const std::string& id() const { return id_; }
  /// Who opened the session (Exchange::principal); requests from anyone else treat it as unknown.
  const std::string& owner() const { return owner_; }
  void set_owner(std::string owner) { owner_ = std::move(owner); }
  bool closed() const { return closed_; }
  /// Why the upstream is gone, for a send that failed with Errc::upstream_exited: the error
  /// and the upstream's own last words (a child's exit code and stderr), once they have arrived.
  awaitable<std::string> upstream_failure(error_code ec);

  /// Sends a client request upstream; its response (and, if `accepts_related`, messages related
  /// to it) go to `queue`, which is closed after the response. A request whose id is still in
  /// flight in this session is refused with Errc::request_id_in_use and not sent.
  /// The envelope goes on as it is: a stdio child gets its text, serve's virtual server its
  /// parsed value.
  error_code send_request(jsonrpc::Envelope request, std::shared_ptr<Queue> queue, bool accepts_related,
                          bool close_queue_after = true);
  /// The client stopped waiting for a request's answer (legacy HTTP: not a cancellation).
  void forget_request(const jsonrpc::Json& id);
  /// Sends a client notification or response upstream. A notifications/cancelled also retires
  /// the request it names, so no answer or timeout reaches the client for it (its queue closes
  /// empty).
  error_code send(jsonrpc::Envelope message);

  /// The standalone stream (streamable HTTP GET, or the legacy SSE connection).
  void attach_stream(std::shared_ptr<Queue> queue);
  void detach_stream(const Queue* queue);
  bool has_stream() const { return stream_ != nullptr; }
  const std::shared_ptr<Queue>& stream_queue() const { return stream_; }

  /// Ends the session: closes the upstream; pending requests get an error.
  awaitable<void> close();

  /// Resumability: stream 0 is the standalone stream; each SSE response stream gets a new id.
  std::uint64_t new_stream_id() { return next_stream_++; }
  EventLog& events() { return events_; }
  /// Keeps a response stream whose connection broke, so a GET with Last-Event-ID can pick it up.
  void park_stream(std::uint64_t stream, std::shared_ptr<Queue> queue);
  /// The parked stream with that id, removed from the parking (nullptr if none).
  std::shared_ptr<Queue> unpark_stream(std::uint64_t stream);
  /// unpark_stream(), waiting up to `limit` for a stream still being written: a client may
  /// resume before the server has seen its old connection drop.
  awaitable<std::shared_ptr<Queue>> await_parked(std::uint64_t stream, std::chrono::milliseconds limit);

  Clock::time_point last_activity() const { return last_activity_; }
  std::size_t in_flight() const { return routes_.size(); }
  /// The revision the upstream accepted in its initialize result ("" before that).
  const std::string& protocol_version() const { return protocol_version_; }

 private:
  struct Route {
    jsonrpc::Json id;
    std::string method;
    std::shared_ptr<Queue> queue;
    bool accepts_related;
    bool close_queue_after;
    std::string progress_key;
    std::uint64_t order;
  };

  awaitable<void> pump();
  void route(jsonrpc::Envelope message);
  void deliver_unrouted(jsonrpc::Envelope message);
  void fail_all(const std::string& why);

  std::string id_;
  std::string owner_;
  asio::any_io_executor ex_;
  std::shared_ptr<transport::Channel> upstream_;
  std::unordered_map<std::string, Route> routes_;        // by id_key of the client's id
  std::unordered_map<std::string, std::string> progress_;  // progress token key → route key
  std::shared_ptr<Queue> stream_;
  std::deque<jsonrpc::Envelope> backlog_;
  EventLog events_;
  std::uint64_t next_stream_ = 1;
  std::unordered_map<std::uint64_t, std::shared_ptr<Queue>> parked_;
  async::Signal stream_parked_;
  std::uint64_t next_order_ = 0;
  bool closed_ = false;
  Clock::time_point last_activity_ = Clock::now();
  std::string protocol_version_;
};

}  // namespace mcpgw::session
