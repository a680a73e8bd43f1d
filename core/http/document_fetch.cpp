#include "core/http/document_fetch.hpp"

#include <boost/beast/http/error.hpp>

#include "core/error.hpp"
#include "core/http/client.hpp"

namespace mcpgw::http {

awaitable<FetchedDocument> fetch_document(const asio::any_io_executor& ex, const Url& url,
                                          std::shared_ptr<const DestinationPolicy> policy,
                                          std::chrono::milliseconds timeout, std::size_t limit) {
  FetchedDocument out;
  const std::string where = url.to_string();
  ClientConnection connection(ex, url, std::move(policy));
  Request request{bhttp::verb::get, url.target, 11};
  request.set(bhttp::field::user_agent, "mcpgw");
  request.set(bhttp::field::accept, "application/json, application/yaml, text/yaml, */*;q=0.5");
  request.keep_alive(false);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  error_code ec = co_await connection.send(request, timeout);
  if (!ec) {
    auto left = std::max<std::chrono::steady_clock::duration>(deadline - std::chrono::steady_clock::now(),
                                                                std::chrono::milliseconds(1));
    ec = co_await connection.read_body(left, limit);
  }
  connection.close();
  if (ec == make_error_code(Errc::destination_blocked)) {
    out.status = 403;
    out.problem = "fetching " + where + " refused: the destination policy blocks its address";
  } else if (ec == make_error_code(Errc::upstream_timeout) || ec == asio::error::timed_out || ec == beast::error::timeout) {
    out.status = 504;
    out.problem = "fetching " + where + ": no answer within " + std::to_string(timeout.count()) + " ms";
  } else if (ec == bhttp::error::body_limit) {
    out.status = 502;
    out.problem = "fetching " + where + ": the document is larger than " + std::to_string(limit) + " bytes";
  } else if (ec) {
    out.status = 502;
    out.problem = "fetching " + where + " failed: " + ec.message();
  } else if (unsigned status = connection.parser().get().result_int(); status != 200) {
    out.status = 502;
    out.problem = "fetching " + where + ": the server answered " + std::to_string(status) +
                  (status >= 300 && status < 400 ? " (redirects are not followed)" : "");
  } else {
    out.body = std::move(connection.parser().get().body());
  }
  co_return out;
}

}  // namespace mcpgw::http
