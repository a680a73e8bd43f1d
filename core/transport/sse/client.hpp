#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/async/message_queue.hpp"
#include "core/http/client.hpp"
#include "core/transport/channel.hpp"
#include "core/transport/delivery.hpp"
#include "core/transport/remote_options.hpp"

namespace mcpgw::transport::sse {

/// Client side of the legacy HTTP+SSE transport (2024-11-05): one GET stream that first names
/// the URL to POST to, then carries every message from the server. Answers are matched to their
/// requests by id. When the stream breaks, the requests waiting on it fail; with
/// options.reinitialize the client opens a new stream and replays the initialize (the transport
/// has no resumption). Lives on one executor.
class Client : public Channel, public std::enable_shared_from_this<Client> {
 public:
  Client(const asio::any_io_executor& ex, RemoteOptions options);

  /// Opens the stream and waits for the endpoint event.
  awaitable<error_code> connect();
  /// Sends one message; a request completes once its answer went to `sink`, anything else once
  /// the server accepted the POST. `parsed` must outlive the call; `extra` goes on the POST.
  awaitable<Delivery> exchange(std::string body, const jsonrpc::Json& parsed, MessageSink sink, HeaderList extra);
  /// Channel: runs exchange() and puts answers (or an error with the request's id) into receive().
  error_code send(jsonrpc::Envelope message) override;
  error_code send_with_headers(jsonrpc::Envelope message, HeaderList headers) override;
  awaitable<std::tuple<error_code, jsonrpc::Envelope>> receive() override;
  awaitable<void> close() override;
  std::string failure_detail() const override { return failure_; }
  const asio::any_io_executor& executor() const { return ex_; }

 private:
  /// A request waiting for its answer on the stream; lives in exchange()'s frame.
  struct Waiter {
    explicit Waiter(const MessageSink* s) : sink(s) {}
    const MessageSink* sink;
    bool done = false;
    bool answered = false;
    bool accepted = false;   // the answer was a result, not an error
    async::Signal signal;
  };

  awaitable<void> read_stream(std::shared_ptr<http::ClientConnection> connection, std::uint64_t generation);
  awaitable<Delivery> post(const std::string& message, const HeaderList& extra);
  void route(std::string raw);
  void stream_lost(const std::string& why);
  awaitable<void> reconnect();
  awaitable<bool> replay_initialize();

  asio::any_io_executor ex_;
  RemoteOptions options_;
  http::Url post_url_;
  async::MessageQueue inbound_{1 << 16};
  async::Signal endpoint_known_;
  async::Signal reconnected_;
  bool have_endpoint_ = false;
  bool endpoint_refused_ = false;  // the endpoint event named an invalid URL or another origin
  bool closed_ = false;
  bool reconnecting_ = false;
  std::uint64_t generation_ = 0;
  std::int64_t next_internal_id_ = 1;
  std::string failure_;
  jsonrpc::Json initialize_;   // the client's initialize, replayed on a new stream
  std::unordered_map<std::string, Waiter*> waiters_;
  std::shared_ptr<http::ClientConnection> stream_;
  std::vector<std::unique_ptr<http::ClientConnection>> idle_;
};

}  // namespace mcpgw::transport::sse
