#include "core/gateway/rest_support.hpp"

#include <boost/beast/http/status.hpp>

namespace mcpgw::gateway {

namespace bhttp = boost::beast::http;

awaitable<void> respond_json(http::Exchange& exchange, int status, json body) {
  co_await exchange.respond(static_cast<bhttp::status>(status), "application/json", body.dump());
}

awaitable<void> respond_detail(http::Exchange& exchange, int status, std::string message) {
  json body = {{"detail", message}};
  co_await exchange.respond(static_cast<bhttp::status>(status), "application/json", body.dump());
}

std::string percent_decode(std::string_view in) {
  std::string out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%' && i + 2 < in.size() && std::isxdigit(static_cast<unsigned char>(in[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(in[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(in.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += in[i] == '+' ? ' ' : in[i];
    }
  }
  return out;
}

std::string param(const http::Exchange& exchange, std::string_view name) {
  return percent_decode(exchange.query_param(name));
}

store::ListQuery list_filters(const http::Exchange& exchange) {
  store::ListQuery query;
  query.gateway_id = param(exchange, "gateway_id");
  query.include_inactive = truthy(param(exchange, "include_inactive"));
  query.cursor = param(exchange, "cursor");
  for (std::string_view tags = exchange.query_param("tags"); !tags.empty();) {
    auto comma = tags.find(',');
    std::string tag = percent_decode(tags.substr(0, comma));
    if (!tag.empty()) query.tags.push_back(std::move(tag));
    if (comma == std::string_view::npos) break;
    tags.remove_prefix(comma + 1);
  }
  return query;
}

bool truthy(const std::string& v) { return v == "true" || v == "1" || v == "yes" || v == "True"; }

json parse_body(const http::Exchange& exchange, std::string& error) {
  const std::string& body = exchange.request().body();
  if (body.empty()) {
    error = "a JSON body is required";
    return nullptr;
  }
  jsonrpc::JsonError fault;
  json j = jsonrpc::read_json(body, &fault);
  if (j.is_discarded()) {
    error = "the body is not valid JSON: " + fault.describe();
    return nullptr;
  }
  if (!j.is_object()) {
    error = "the body must be a JSON object";
    return nullptr;
  }
  return j;
}

int status_of(error_code ec) {
  if (ec == make_error_code(Errc::record_not_found)) return 404;
  if (ec == make_error_code(Errc::record_conflict)) return 409;
  if (ec == make_error_code(Errc::dangling_reference) || ec == make_error_code(Errc::invalid_cursor)) return 400;
  return 500;
}

std::string message_of(error_code ec, const std::string& what) {
  if (ec == make_error_code(Errc::record_not_found)) return what + " not found";
  if (ec == make_error_code(Errc::record_conflict)) return what + ": the name is already taken";
  if (ec == make_error_code(Errc::invalid_cursor)) return "invalid cursor";
  if (ec == make_error_code(Errc::dangling_reference)) return what + " refers to a record that does not exist";
  return "database error: " + ec.message();
}

std::optional<bool> requested_state(const http::Exchange& exchange) {
  std::string q = param(exchange, "activate");
  if (q.empty()) q = param(exchange, "enabled");
  if (!q.empty()) return truthy(q);
  json body = jsonrpc::read_json(exchange.request().body());
  if (body.is_object()) {
    if (auto v = field(body, "activate"); v && v->is_boolean()) return v->get<bool>();
    if (auto v = field(body, "enabled"); v && v->is_boolean()) return v->get<bool>();
  }
  return std::nullopt;
}

}  // namespace mcpgw::gateway
