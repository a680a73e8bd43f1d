#include "core/transport/jsonrpc_over_http.hpp"

#include "core/log/logger.hpp"

namespace mcpgw::transport {

namespace bhttp = boost::beast::http;
using jsonrpc::Json;

Json id_in_use(const Json& id) {
  return jsonrpc::make_error(id, jsonrpc::code::invalid_request,
                             "Invalid Request: id " + id.dump() + " belongs to a request still in flight");
}

awaitable<void> respond_error(http::Exchange& exchange, bhttp::status status, const Json& id, int code,
                              std::string_view message) {
  co_await exchange.respond(status, "application/json", jsonrpc::make_error(id, code, message).dump());
}

awaitable<void> respond_sessions_full(http::Exchange& exchange, const Json& id) {
  MCPGW_LOG(warn, "session_rejected", "reason=max_sessions");
  exchange.add_response_header("Retry-After", "10");
  co_await respond_error(exchange, bhttp::status::service_unavailable, id, jsonrpc::code::connection_closed,
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
