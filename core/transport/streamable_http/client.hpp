#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/asio/cancellation_signal.hpp>

#include "core/async/message_queue.hpp"
#include "core/async/signal.hpp"
#include "core/http/client.hpp"
#include "core/jsonrpc/message.hpp"
#include "core/transport/channel.hpp"
#include "core/transport/delivery.hpp"
#include "core/transport/remote_options.hpp"
#include "core/transport/retry_policy.hpp"

namespace mcpgw::transport::sse {
class Client;
}

namespace mcpgw::transport::streamable_http {

/// Client side of streamable HTTP. Each message is a POST; answers come back as JSON or as an
/// SSE stream. The legacy shape (2025-03-26 … 2025-11-25) is kept up here: the session id and
/// negotiated revision from initialize go on every later request, a GET stream carries
/// server-initiated messages, broken response streams are resumed with Last-Event-ID, an expired
/// session is renewed by replaying the initialize, and DELETE ends it. The modern shape is the
/// caller's: it passes the 2026-07-28 headers with each message and no session ever starts.
/// When the server refuses the initialize POST with 400/404/405 and sse_fallback is on, the
/// client switches to legacy HTTP+SSE transparently. Lives on one executor.
class Client : public Channel, public std::enable_shared_from_this<Client> {
 public:
  Client(const asio::any_io_executor& ex, RemoteOptions options);
  ~Client() override;

  /// Sends one message. A request completes once its answer went to `sink`, after whatever else
  /// its response stream carried; anything else once the server accepted it. Transient failures
  /// go again as options().retry and may_resend() allow, and an expired session is renewed
  /// first. Cancelling the coroutine abandons the message and closes its stream. `parsed` must
  /// outlive the call; pass named objects, not temporaries (g++ 12 destroys temporaries in a
  /// co_await expression twice).
  awaitable<Delivery> exchange(std::string body, const jsonrpc::Json& parsed, MessageSink sink, HeaderList extra);

  /// Channel: send() runs exchange() and puts what comes back (answers, and errors with the
  /// request's id when it fails) into receive(), beside the server-initiated messages.
  error_code send(jsonrpc::Envelope message) override;
  error_code send_with_headers(jsonrpc::Envelope message, HeaderList headers) override;
  /// Server-initiated messages (the GET stream, or the SSE stream after a fallback), and what
  /// send() produced.
  awaitable<std::tuple<error_code, jsonrpc::Envelope>> receive() override;
  /// Ends the session (DELETE) and every stream.
  awaitable<void> close() override;
  /// Cancels the exchange of a request sent with send(): its stream closes (2026-07-28 cancel).
  bool abandon(const std::string& request_id_key) override;
  /// send()'s exchanges, by the id_key of their request, while they run (see abandon()).
  void track_abandonable(const std::string& key, std::shared_ptr<asio::cancellation_signal> signal) {
    abandonable_[key] = std::move(signal);
  }
  void untrack_abandonable(const std::string& key, const asio::cancellation_signal* signal) {
    auto it = abandonable_.find(key);
    if (it != abandonable_.end() && it->second.get() == signal) abandonable_.erase(it);
  }
  std::string failure_detail() const override { return failure_; }

  const std::string& session_id() const { return session_id_; }
  const std::string& protocol_version() const { return protocol_version_; }
  /// "streamable_http" or "sse" once known.
  const char* transport_name() const { return fallback_ ? "sse" : "streamable_http"; }
  const RemoteOptions& options() const { return options_; }
  const asio::any_io_executor& executor() const { return ex_; }

 private:
  /// What became of one POST, and whether it is worth another.
  struct Attempt {
    Delivery delivery;
    enum class Next { done, retry, renew_session, try_sse } next = Next::done;
    SendFailure failure = SendFailure::not_sent;
  };
  /// Where a stream got to: its last event id and the retry interval it asked for.
  struct StreamCursor {
    std::string last_event_id;
    long retry_ms = 0;
  };
  struct Message {
    jsonrpc::Json id;         // null unless a request
    std::string method;       // "" for responses
    bool is_request = false;
  };

  awaitable<Attempt> post_once(const std::string& body, const Message& m, const MessageSink& sink,
                               const HeaderList& extra);
  Attempt judge_failure(int status, const std::string& body, const Message& m, const std::string& session_sent,
                        std::string_view www_authenticate);
  awaitable<bool> read_events(http::ClientConnection& connection, StreamCursor& cursor, const Message& m,
                              const MessageSink& sink);
  awaitable<bool> resume(StreamCursor& cursor, const Message& m, const MessageSink& sink);
  void note_answer(const Message& m, const jsonrpc::Json& answer, const std::string& session_header);
  awaitable<bool> renew_session(std::string lost_session);
  awaitable<bool> replay_initialize();
  awaitable<void> standalone_stream();
  void start_standalone_stream();
  awaitable<bool> fall_back_to_sse(std::string initialize, const jsonrpc::Json& parsed, const MessageSink& sink,
                                   Delivery& delivery);
  std::unique_ptr<http::ClientConnection> take_connection();
  void give_back(std::unique_ptr<http::ClientConnection> connection);
  http::Request make_request(boost::beast::http::verb verb);
  Delivery unsent(const std::string& why) const;

  asio::any_io_executor ex_;
  RemoteOptions options_;
  async::MessageQueue inbound_{1 << 16};
  std::vector<std::unique_ptr<http::ClientConnection>> idle_;
  std::string session_id_;
  std::string protocol_version_;
  std::string failure_;
  jsonrpc::Json initialize_;          // the client's initialize, replayed to renew the session
  bool closed_ = false;
  bool standalone_running_ = false;
  bool renewing_ = false;
  bool renewed_ok_ = false;
  async::Signal renewed_;
  std::int64_t next_internal_id_ = 1;
  std::shared_ptr<sse::Client> fallback_;
  std::shared_ptr<http::ClientConnection> standalone_;
  std::unordered_map<std::string, std::shared_ptr<asio::cancellation_signal>> abandonable_;
};

}  // namespace mcpgw::transport::streamable_http
