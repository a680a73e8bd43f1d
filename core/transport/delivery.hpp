#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/async/awaitable.hpp"
#include "core/jsonrpc/envelope.hpp"
#include "core/jsonrpc/message.hpp"

namespace mcpgw::transport {

/// Receives each message a request's response stream carries (notifications, server requests,
/// the answer last), its text and parsed value both at hand. Called on the client's executor.
using MessageSink = std::function<void(jsonrpc::Envelope message)>;

/// Extra HTTP headers for one message ("Name", "value").
using HeaderList = std::vector<std::pair<std::string, std::string>>;

/// What became of one message sent to a remote server.
struct Delivery {
  error_code ec;                  // empty: answered (a request) or accepted (anything else)
  int http_status = 0;            // the last HTTP status seen; 0 when none came
  std::string detail;             // why it failed, in words for logs and error messages
  jsonrpc::Json rpc_error;        // the JSON-RPC error object a failure status came with, if any
  std::string www_authenticate;   // the challenge of a 401

  explicit operator bool() const { return !ec; }
  static Delivery failure(error_code ec, std::string detail, int http_status = 0) {
    Delivery d;
    d.ec = ec;
    d.detail = std::move(detail);
    d.http_status = http_status;
    return d;
  }
};

}  // namespace mcpgw::transport
