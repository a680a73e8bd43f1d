#include "core/transport/jsonrpc_over_http.hpp"

#include "core/jsonrpc/failure.hpp"
#include "core/log/logger.hpp"

namespace mcpgw::transport {

namespace bhttp = boost::beast::http;
using jsonrpc::Json;

Json id_in_use(const Json& id) {
  return jsonrpc::make_failure(id, jsonrpc::Failure::invalid_request,
                               "Invalid Request: id " + id.dump() + " belongs to a request still in flight");
}

awaitable<void> respond_failure(http::Exchange& exchange, const Json& id, jsonrpc::Failure failure,
                                std::string_view message) {
  co_await exchange.respond(static_cast<bhttp::status>(jsonrpc::row_of(failure).http_status), "application/json",
                            jsonrpc::make_failure(id, failure, message).dump());
}

awaitable<void> respond_in_band(http::Exchange& exchange, const Json& id, jsonrpc::Failure failure,
                                std::string_view message) {
  co_await exchange.respond(bhttp::status::ok, "application/json", jsonrpc::make_failure(id, failure, message).dump());
}

awaitable<void> respond_sessions_full(http::Exchange& exchange, const Json& id) {
  MCPGW_LOG(warn, "session_rejected", "reason=max_sessions");
  exchange.add_response_header("Retry-After", "10");
  co_await respond_failure(exchange, id, jsonrpc::Failure::too_many_sessions,
                           "Service Unavailable: too many open sessions; retry later");
}

awaitable<std::optional<Json>> read_jsonrpc_body(http::Exchange& exchange, std::string& raw) {
  raw = std::move(exchange.request().body());
  Json error;
  auto message = jsonrpc::parse(raw, error);
  if (!message) co_await exchange.respond(bhttp::status::bad_request, "application/json", error.dump());
  co_return message;
}

}  // namespace mcpgw::transport
