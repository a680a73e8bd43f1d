#include "core/bridge/local_call.hpp"

#include "core/jsonrpc/failure.hpp"

namespace mcpgw::bridge {

std::string failure_answer(const jsonrpc::Json& id, const transport::Delivery& delivery) {
  if (delivery.rpc_error.is_object() && delivery.rpc_error.contains("code"))
    return jsonrpc::Json{{"jsonrpc", "2.0"}, {"id", id}, {"error", delivery.rpc_error}}.dump();
  jsonrpc::Json data;
  if (delivery.http_status != 0) data = {{"httpStatus", delivery.http_status}};
  // Upstream failures use the server-defined range: they must not look like a bad request.
  return jsonrpc::make_failure(id, jsonrpc::Failure::upstream_failed, delivery.detail, std::move(data)).dump();
}

}  // namespace mcpgw::bridge
