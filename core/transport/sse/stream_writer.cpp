#include "core/transport/sse/stream_writer.hpp"

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/beast/http/empty_body.hpp>

#include "core/transport/sse/event.hpp"

namespace mcpgw::transport::sse {

namespace bhttp = boost::beast::http;

bhttp::response<bhttp::empty_body> stream_header() {
  bhttp::response<bhttp::empty_body> header{bhttp::status::ok, 11};
  header.set(bhttp::field::content_type, "text/event-stream");
  header.set(bhttp::field::cache_control, "no-cache, no-transform");
  header.set("X-Accel-Buffering", "no");
  return header;
}

namespace {

awaitable<StreamEnd> write_events(http::Exchange& exchange, async::MessageQueue& queue,
                                  std::chrono::seconds keep_alive, const EventRecorder& record) {
  auto event = [&record](std::string_view data) {
    return format_event("message", data, record ? record(data) : std::string());
  };
  for (;;) {
    auto message = co_await queue.pop(keep_alive);
    if (!message) {
      if (queue.closed() && queue.empty()) co_return StreamEnd::queue_closed;
      if (co_await exchange.write_chunk(kKeepAlive)) co_return StreamEnd::write_failed;
      continue;
    }
    // Coalesce what is already queued into one chunk: fewer writes under load.
    std::string chunk = event(message->text());
    while (!queue.empty()) {
      auto next = co_await queue.pop(std::chrono::seconds(0));
      if (!next) break;
      chunk += event(next->text());
    }
    if (co_await exchange.write_chunk(chunk)) co_return StreamEnd::write_failed;
  }
}

awaitable<StreamEnd> client_closed(http::Exchange& exchange) {
  co_await exchange.wait_client_closed();
  co_return StreamEnd::client_closed;
}

}  // namespace

awaitable<StreamEnd> pump_queue(http::Exchange& exchange, async::MessageQueue& queue,
                                std::chrono::seconds keep_alive, const EventRecorder& record) {
  using namespace asio::experimental::awaitable_operators;
  auto result = co_await (write_events(exchange, queue, keep_alive, record) || client_closed(exchange));
  StreamEnd end = std::visit([](StreamEnd e) { return e; }, result);
  if (end == StreamEnd::queue_closed) co_await exchange.end_stream();
  co_return end;
}

}  // namespace mcpgw::transport::sse
