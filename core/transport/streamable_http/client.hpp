#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/async/message_queue.hpp"
#include "core/http/client.hpp"
#include "core/jsonrpc/message.hpp"
#include "core/transport/channel.hpp"
#include "core/transport/remote_options.hpp"

namespace mcpgw::transport::streamable_http {

/// Client side of streamable HTTP (legacy shape): each message is a POST; answers come back as
/// JSON or as an SSE stream; the session id and negotiated revision are kept from initialize and
/// sent on every later request; a GET stream carries server-initiated messages; broken response
/// streams are resumed with Last-Event-ID. When the server refuses the initialize POST with
/// 400/404/405 and sse_fallback is on, the client switches to legacy HTTP+SSE transparently.
/// Lives on one executor.
class Client : public Channel, public std::enable_shared_from_this<Client> {
 public:
  Client(const asio::any_io_executor& ex, RemoteOptions options);

  error_code send(std::string message) override;
  awaitable<std::tuple<error_code, std::string>> receive() override;
  awaitable<void> close() override;
  std::string failure_detail() const override { return failure_; }

  const std::string& session_id() const { return session_id_; }
  /// "streamable_http" or "sse" once known.
  const char* transport_name() const { return fallback_ ? "sse" : "streamable_http"; }

 private:
  awaitable<void> post(std::string message);
  awaitable<void> read_events(http::ClientConnection& connection, std::string& last_event_id,
                              const jsonrpc::Json& awaited_id, bool& answered);
  awaitable<bool> resume(std::string last_event_id, const jsonrpc::Json& awaited_id);
  awaitable<void> standalone_stream();
  awaitable<bool> fall_back_to_sse(std::string initialize);
  std::unique_ptr<http::ClientConnection> take_connection();
  void give_back(std::unique_ptr<http::ClientConnection> connection);
  http::Request make_request(boost::beast::http::verb verb);
  void deliver(std::string message, bool from_initialize, const std::string& session_header);
  void answer_error(const jsonrpc::Json& message, const std::string& why);

  asio::any_io_executor ex_;
  RemoteOptions options_;
  async::MessageQueue inbound_{1 << 16};
  std::vector<std::unique_ptr<http::ClientConnection>> idle_;
  std::string session_id_;
  std::string protocol_version_;
  std::string failure_;
  bool closed_ = false;
  bool standalone_started_ = false;
  bool initialized_ = false;
  std::shared_ptr<Channel> fallback_;
  std::shared_ptr<http::ClientConnection> standalone_;
};

}  // namespace mcpgw::transport::streamable_http
