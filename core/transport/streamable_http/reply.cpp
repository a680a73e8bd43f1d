#include "core/transport/streamable_http/reply.hpp"

#include "core/transport/sse/event.hpp"
#include "core/transport/sse/stream_writer.hpp"

namespace mcpgw::transport::streamable_http {

namespace bhttp = boost::beast::http;

awaitable<error_code> Reply::notify(std::string_view message) {
  if (json_only_) co_return error_code{};
  if (!streaming_) {
    streaming_ = true;
    if (auto ec = co_await exchange_.start_stream(sse::stream_header())) co_return ec;
  }
  co_return co_await exchange_.write_chunk(sse::format_event("message", message));
}

awaitable<error_code> Reply::finish(std::string message, int status) {
  if (!streaming_)
    co_return co_await exchange_.respond(static_cast<bhttp::status>(status), "application/json", std::move(message));
  if (auto ec = co_await exchange_.write_chunk(sse::format_event("message", message))) co_return ec;
  co_return co_await exchange_.end_stream();
}

awaitable<error_code> Reply::abandon() {
  if (!streaming_) co_return co_await exchange_.respond(bhttp::status::accepted, "", "");
  co_return co_await exchange_.end_stream();
}

}  // namespace mcpgw::transport::streamable_http
