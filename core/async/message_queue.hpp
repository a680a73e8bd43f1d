#pragma once

#include <chrono>
#include <deque>
#include <optional>
#include <string>

#include "core/async/signal.hpp"
#include "core/jsonrpc/envelope.hpp"

namespace mcpgw::async {

/// A bounded FIFO of messages (envelopes: text, parsed, or both) between coroutines on one executor. push() never
/// blocks: it refuses when full or closed, so a slow consumer cannot grow memory without bound.
class MessageQueue {
 public:
  explicit MessageQueue(std::size_t capacity = 4096) : capacity_(capacity) {}

  bool push(jsonrpc::Envelope message) {
    if (closed_ || items_.size() >= capacity_) return false;
    items_.push_back(std::move(message));
    signal_.notify();
    return true;
  }

  /// push() that moves `message` in only when it is taken: refused, it stays with the caller.
  bool offer(jsonrpc::Envelope& message) {
    if (closed_ || items_.size() >= capacity_) return false;
    items_.push_back(std::move(message));
    signal_.notify();
    return true;
  }

  /// Next message; nullopt once closed and drained, or when `limit` passes with nothing queued.
  awaitable<std::optional<jsonrpc::Envelope>> pop(
      std::chrono::steady_clock::duration limit = std::chrono::hours(24 * 365)) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (items_.empty() && !closed_) {
      auto now = std::chrono::steady_clock::now();
      if (now >= deadline || !co_await signal_.wait(deadline - now)) co_return std::nullopt;
    }
    if (items_.empty()) co_return std::nullopt;
    jsonrpc::Envelope front = std::move(items_.front());
    items_.pop_front();
    co_return front;
  }

  void close() {
    closed_ = true;
    signal_.notify();
  }
  bool closed() const { return closed_; }
  std::size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }

 private:
  std::size_t capacity_;
  std::deque<jsonrpc::Envelope> items_;
  Signal signal_;
  bool closed_ = false;
};

}  // namespace mcpgw::async
