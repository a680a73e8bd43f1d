#pragma once

#include <memory>
#include <string>

#include "core/async/message_queue.hpp"
#include "core/http/client.hpp"
#include "core/transport/channel.hpp"
#include "core/transport/remote_options.hpp"

namespace mcpgw::transport::sse {

/// Client side of the legacy HTTP+SSE transport (2024-11-05): one GET stream that first names
/// the URL to POST to, then carries every message from the server. Lives on one executor.
class Client : public Channel, public std::enable_shared_from_this<Client> {
 public:
  Client(const asio::any_io_executor& ex, RemoteOptions options);

  /// Opens the stream and waits for the endpoint event.
  awaitable<error_code> connect();
  error_code send(std::string message) override;
  awaitable<std::tuple<error_code, std::string>> receive() override;
  awaitable<void> close() override;
  std::string failure_detail() const override { return failure_; }

 private:
  awaitable<void> read_stream(std::shared_ptr<http::ClientConnection> connection);
  awaitable<void> post(std::string message);
  void fail(const std::string& why);

  asio::any_io_executor ex_;
  RemoteOptions options_;
  http::Url post_url_;
  async::MessageQueue inbound_{1 << 16};
  async::Signal endpoint_known_;
  bool have_endpoint_ = false;
  bool closed_ = false;
  std::string failure_;
  std::shared_ptr<http::ClientConnection> stream_;
  std::vector<std::unique_ptr<http::ClientConnection>> idle_;
};

}  // namespace mcpgw::transport::sse
