#pragma once

#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "core/async/signal.hpp"
#include "core/error.hpp"
#include "core/jsonrpc/message.hpp"
#include "core/transport/channel.hpp"

namespace mcpgw::test {

/// An in-memory upstream: send() records what the session sent; receive() hands out messages the
/// test pushed, or the failure the test set once they run out. One executor, like any Channel.
class FakeChannel : public transport::Channel {
 public:
  error_code send(jsonrpc::Envelope message) override {
    sent_parsed.push_back(message.parsed());
    sent.push_back(std::move(message).take_text());
    return {};
  }

  awaitable<std::tuple<error_code, jsonrpc::Envelope>> receive() override {
    while (inbox_.empty() && !failure_) co_await arrived_.wait();
    if (inbox_.empty()) co_return std::tuple{failure_, jsonrpc::Envelope()};
    jsonrpc::Envelope message = std::move(inbox_.front());
    inbox_.pop_front();
    co_return std::tuple{error_code{}, std::move(message)};
  }

  awaitable<void> close() override {
    closed = true;
    fail(asio::error::eof);
    co_return;
  }

  std::string failure_detail() const override { return detail_; }

  /// Scripts the next message the upstream "sends" (text, as a child writes it; or parsed, as
  /// serve's virtual server hands it over).
  void push(jsonrpc::Envelope message) {
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
  std::vector<bool> sent_parsed;  // whether each message came parsed (no parse needed here)
  bool closed = false;

 private:
  std::deque<jsonrpc::Envelope> inbox_;
  error_code failure_;
  std::string detail_;
  async::Signal arrived_;
};

/// An upstream that answers each message it is sent through `respond` (nothing when it returns
/// null), or dies on it when `respond` says "die".
class ScriptedChannel : public test::FakeChannel {
 public:
  using Respond = std::function<jsonrpc::Json(const jsonrpc::Json& message)>;
  explicit ScriptedChannel(Respond respond) : respond_(std::move(respond)) {}

  error_code send(jsonrpc::Envelope message) override {
    if (dead_) return make_error_code(Errc::upstream_exited);
    jsonrpc::Json parsed = jsonrpc::Json::parse(message.text());
    methods.push_back(std::string(jsonrpc::method_of(parsed)));
    FakeChannel::send(std::move(message));
    jsonrpc::Json reply = respond_(parsed);
    if (reply == "die") {
      dead_ = true;
      fail(make_error_code(Errc::upstream_exited), "exit code 1");
    } else if (!reply.is_null()) {
      push(reply.dump());
    }
    return {};
  }
  error_code send_with_headers(jsonrpc::Envelope message, transport::HeaderList headers) override {
    sent_headers.push_back(std::move(headers));
    return send(std::move(message));
  }

  std::vector<std::string> methods;
  std::vector<transport::HeaderList> sent_headers;  // of each send_with_headers

 private:
  Respond respond_;
  bool dead_ = false;
};

}  // namespace mcpgw::test
