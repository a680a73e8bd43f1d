#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "core/async/message_queue.hpp"
#include "core/http/exchange.hpp"

namespace mcpgw::transport::sse {

/// The common headers of an SSE response.
boost::beast::http::response<boost::beast::http::empty_body> stream_header();

enum class StreamEnd { queue_closed, client_closed, write_failed };

/// Gives each written event its id (and remembers it for resumption); empty = no ids.
using EventRecorder = std::function<std::string(std::string_view data)>;

/// Writes each message of `queue` as an `event: message` SSE event until the queue is closed and
/// drained, the client goes away, or a write fails; a comment every `keep_alive` keeps idle
/// connections open. The exchange must already have started the stream.
awaitable<StreamEnd> pump_queue(http::Exchange& exchange, async::MessageQueue& queue,
                                std::chrono::seconds keep_alive, const EventRecorder& record = {});

}  // namespace mcpgw::transport::sse
