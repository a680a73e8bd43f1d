#include "core/transport/streamable_http/stateless_handler.hpp"

#include <iterator>

#include "core/jsonrpc/failure.hpp"
#include "core/log/logger.hpp"
#include "core/protocol/revision.hpp"
#include "core/transport/jsonrpc_over_http.hpp"
#include "core/transport/streamable_http/reply.hpp"

namespace mcpgw::transport::streamable_http {

namespace bhttp = boost::beast::http;
using jsonrpc::Json;

namespace {
constexpr std::string_view kIdPrefix = "mcpgw-";

std::string in_flight_key(const http::Exchange& exchange, const Json& id) {
  return exchange.principal() + '\n' + jsonrpc::id_key(id);
}
}  // namespace

StatelessHandler::StatelessHandler(StatelessOptions options, std::shared_ptr<session::SharedSession> upstream)
    : options_(options), upstream_(std::move(upstream)) {}

awaitable<void> StatelessHandler::handle(http::Exchange& exchange, Json message) {
  auto kind = jsonrpc::classify(message);
  if (kind == jsonrpc::Kind::response) {
    // A client's answer to a server request we forwarded: our id carries the upstream's.
    const auto& id = message["id"];
    if (id.is_string() && id.get_ref<const std::string&>().starts_with(kIdPrefix)) {
      Json upstream_id = jsonrpc::read_json(id.get<std::string>().substr(kIdPrefix.size()));
      if (!upstream_id.is_discarded()) {
        message.erase("id");
        message.erase("jsonrpc");
        upstream_->answer(upstream_id, message);
      }
    }
    co_await exchange.respond(bhttp::status::accepted, "", "");
    co_return;
  }
  if (kind == jsonrpc::Kind::notification) {
    if (jsonrpc::method_of(message) == "notifications/cancelled") cancel(exchange, message);
    co_await exchange.respond(bhttp::status::accepted, "", "");
    co_return;
  }
  if (auto ec = co_await upstream_->ready()) {
    co_await respond_in_band(exchange, message["id"], jsonrpc::Failure::internal_error, upstream_->failure());
    co_return;
  }
  if (jsonrpc::method_of(message) == "initialize") {
    Json result = upstream_->initialize_result();
    std::string requested;
    if (auto params = message.find("params"); params != message.end() && params->is_object())
      if (auto v = params->find("protocolVersion"); v != params->end() && v->is_string()) requested = v->get<std::string>();
    result["protocolVersion"] = protocol::negotiate_legacy(requested);
    co_await exchange.respond(bhttp::status::ok, "application/json",
                              jsonrpc::make_result(message["id"], std::move(result)).dump());
    co_return;
  }
  if (jsonrpc::method_of(message) == "ping") {
    co_await exchange.respond(bhttp::status::ok, "application/json",
                              jsonrpc::make_result(message["id"], Json::object()).dump());
    co_return;
  }
  Json id = message["id"];
  const std::string key = in_flight_key(exchange, id);
  auto call = upstream_->start(std::move(message), std::make_shared<async::MessageQueue>());
  if (!call) {
    co_await respond_in_band(exchange, id, jsonrpc::Failure::internal_error, upstream_->failure());
    co_return;
  }
  in_flight_.emplace(key, *call);
  struct Forget {
    decltype(in_flight_)& map;
    const std::string& key;
    const session::SharedSession::Call* call;
    ~Forget() {
      auto [first, last] = map.equal_range(key);
      for (auto it = first; it != last; ++it)
        if (it->second.get() == call) {
          map.erase(it);
          break;
        }
    }
  } forget{in_flight_, key, call->get()};
  Reply reply(exchange, options_.json_response);
  for (;;) {
    auto next = co_await (*call)->queue->pop(options_.request_timeout);
    if (!next && (*call)->queue->closed()) {
      co_await reply.abandon();  // cancelled by the client: no answer for it
      co_return;
    }
    if (!next) {
      upstream_->cancel(**call, "timeout");
      co_await reply.finish(
          jsonrpc::make_failure(id, jsonrpc::Failure::timed_out, "Request timed out: no answer from the upstream")
              .dump());
      co_return;
    }
    const Json& m = next->json();
    auto k = jsonrpc::classify(m);
    if (k == jsonrpc::Kind::response) {
      co_await reply.finish(std::move(*next).take_text());
      co_return;
    }
    if (k == jsonrpc::Kind::request) {
      if (options_.json_response) {
        upstream_->answer(m["id"],
                          {{"error", jsonrpc::error_object(jsonrpc::Failure::method_not_found,
                                                           "the client cannot receive requests in JSON-only mode")}});
        continue;
      }
      Json& id = next->edit()["id"];
      id = std::string(kIdPrefix) + id.dump();
    }
    if (co_await reply.notify(next->text())) {
      upstream_->cancel(**call, "client disconnected");
      co_return;
    }
  }
}

void StatelessHandler::cancel(const http::Exchange& exchange, const Json& notification) {
  auto params = notification.find("params");
  if (params == notification.end() || !params->is_object()) return;
  auto request_id = params->find("requestId");
  if (request_id == params->end()) return;
  auto [it, last] = in_flight_.equal_range(in_flight_key(exchange, *request_id));
  if (it == last) return;  // unknown, finished, or another sender's
  if (std::next(it) != last) {
    MCPGW_LOG(debug, "cancel_ambiguous", "request_id=" << jsonrpc::id_key(*request_id));
    return;
  }
  auto call = std::move(it->second);
  in_flight_.erase(it);
  upstream_->cancel(*call, "cancelled by the client");
  call->queue->close();
}

}  // namespace mcpgw::transport::streamable_http
