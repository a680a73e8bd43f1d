#include "core/transport/stdio/own_stdio.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>

#include "core/error.hpp"

namespace mcpgw::transport::stdio {

OwnStdio::OwnStdio(const asio::any_io_executor& ex, std::size_t max_line_bytes)
    : in_(ex, ::dup(STDIN_FILENO)), out_(ex, ::dup(STDOUT_FILENO)), max_line_bytes_(max_line_bytes) {}

void OwnStdio::start() {
  asio::co_spawn(in_.get_executor(), [self = shared_from_this()] { return self->write_loop(); }, asio::detached);
}

error_code OwnStdio::send(jsonrpc::Envelope envelope) {
  if (closed_) return make_error_code(Errc::upstream_exited);
  std::string message = std::move(envelope).take_text();
  message.push_back('\n');
  outbox_.push_back(std::move(message));
  outbox_signal_.notify();
  return {};
}

awaitable<void> OwnStdio::write_loop() {
  auto self = shared_from_this();
  for (;;) {
    while (outbox_.empty() && !closed_) {
      drained_.notify();
      co_await outbox_signal_.wait();
    }
    if (outbox_.empty()) break;
    // Write everything queued in one go: fewer syscalls when answers arrive in bursts.
    std::string chunk = std::move(outbox_.front());
    outbox_.pop_front();
    while (!outbox_.empty() && chunk.size() < (1 << 20)) {
      chunk += outbox_.front();
      outbox_.pop_front();
    }
    writing_ = true;
    auto [ec, n] = co_await asio::async_write(out_, asio::buffer(chunk), use_nothrow);
    writing_ = false;
    if (ec) {
      closed_ = true;
      outbox_.clear();
      break;
    }
  }
  drained_.notify();
}

awaitable<void> OwnStdio::flush() {
  while (!outbox_.empty() || writing_) {
    co_await drained_.wait(std::chrono::seconds(5));
  }
}

awaitable<std::tuple<error_code, jsonrpc::Envelope>> OwnStdio::receive() {
  for (;;) {
    auto [ec, n] = co_await asio::async_read_until(in_, asio::dynamic_buffer(read_buffer_, max_line_bytes_), '\n',
                                                   use_nothrow);
    if (ec) {
      // A last line without its newline still counts.
      if (ec == asio::error::eof && !read_buffer_.empty()) {
        std::string line = std::move(read_buffer_);
        read_buffer_.clear();
        co_return std::tuple{error_code{}, jsonrpc::Envelope(std::move(line))};
      }
      co_return std::tuple{ec == asio::error::not_found ? make_error_code(Errc::line_too_long) : ec, jsonrpc::Envelope()};
    }
    std::string line = read_buffer_.substr(0, n - 1);
    read_buffer_.erase(0, n);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    co_return std::tuple{error_code{}, jsonrpc::Envelope(std::move(line))};
  }
}

awaitable<void> OwnStdio::close() {
  co_await flush();
  closed_ = true;
  outbox_signal_.notify();
  error_code ignored;
  in_.close(ignored);
}

}  // namespace mcpgw::transport::stdio
