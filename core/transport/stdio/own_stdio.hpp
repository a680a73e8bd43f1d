#pragma once

#include <deque>
#include <memory>
#include <string>

#include <boost/asio/posix/stream_descriptor.hpp>

#include "core/async/signal.hpp"
#include "core/transport/channel.hpp"

namespace mcpgw::transport::stdio {

/// Our own stdin/stdout as an MCP stdio channel: newline-delimited JSON-RPC in and out (what a
/// client that launched us speaks). Logs never go here; they go to stderr.
/// Lives on one executor; owned through shared_ptr by its bridge.
class OwnStdio : public Channel, public std::enable_shared_from_this<OwnStdio> {
 public:
  explicit OwnStdio(const asio::any_io_executor& ex, std::size_t max_line_bytes = 64 << 20);

  /// Starts the writer.
  void start();
  error_code send(jsonrpc::Envelope message) override;
  awaitable<std::tuple<error_code, jsonrpc::Envelope>> receive() override;
  awaitable<void> close() override;
  /// Waits until everything sent so far has been written to stdout.
  awaitable<void> flush();

 private:
  awaitable<void> write_loop();

  asio::posix::stream_descriptor in_;
  asio::posix::stream_descriptor out_;
  std::size_t max_line_bytes_;
  std::string read_buffer_;
  std::deque<std::string> outbox_;
  async::Signal outbox_signal_;
  async::Signal drained_;
  bool writing_ = false;
  bool closed_ = false;
};

}  // namespace mcpgw::transport::stdio
