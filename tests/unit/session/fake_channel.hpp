#pragma once

#include <deque>
#include <string>
#include <vector>

#include "core/async/signal.hpp"
#include "core/transport/channel.hpp"

namespace mcpgw::test {

/// An in-memory upstream: send() records what the session sent; receive() hands out messages the
/// test pushed, or the failure the test set once they run out. One executor, like any Channel.
class FakeChannel : public transport::Channel {
 public:
  error_code send(std::string message) override {
    sent.push_back(std::move(message));
    return {};
  }

  awaitable<std::tuple<error_code, std::string>> receive() override {
    while (inbox_.empty() && !failure_) co_await arrived_.wait();
    if (inbox_.empty()) co_return std::tuple{failure_, std::string()};
    std::string message = std::move(inbox_.front());
    inbox_.pop_front();
    co_return std::tuple{error_code{}, std::move(message)};
  }

  awaitable<void> close() override {
    closed = true;
    fail(asio::error::eof);
    co_return;
  }

  std::string failure_detail() const override { return detail_; }

  /// Scripts the next message the upstream "sends".
  void push(std::string message) {
    inbox_.push_back(std::move(message));
    arrived_.notify();
  }
  /// Ends the channel with `ec` once the pushed messages are read.
  void fail(error_code ec, std::string detail = {}) {
    failure_ = ec;
    detail_ = std::move(detail);
    arrived_.notify();
  }

  std::vector<std::string> sent;
  bool closed = false;

 private:
  std::deque<std::string> inbox_;
  error_code failure_;
  std::string detail_;
  async::Signal arrived_;
};

}  // namespace mcpgw::test
