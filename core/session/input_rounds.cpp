#include "core/session/input_rounds.hpp"

#include "core/log/logger.hpp"
#include "core/protocol/era_mapping.hpp"

namespace mcpgw::session {

using jsonrpc::Json;

awaitable<Json> gather_input_responses(const Json& input_requests, const Json& client_capabilities, AskClient ask) {
  Json responses = Json::object();
  if (!input_requests.is_object()) co_return responses;
  for (const auto& [key, request] : input_requests.items()) {
    std::string method = jsonrpc::member_or(request, "method", std::string());
    const auto needed = protocol::capability_for_input(method);
    if (needed.empty() || !client_capabilities.is_object() || !client_capabilities.contains(needed)) {
      MCPGW_LOG(info, "input_request_skipped", "method=" << method << " reason=\"capability not declared\"");
      continue;
    }
    Json params = request.value("params", Json::object());
    std::string asked = method;  // named: g++ 12 mishandles temporaries inside co_await expressions
    Json reply = co_await ask(std::move(asked), std::move(params));
    if (reply.is_object() && reply.contains("result")) {
      responses[key] = std::move(reply["result"]);
    } else {
      MCPGW_LOG(info, "input_request_unanswered", "method=" << method);
    }
  }
  co_return responses;
}

}  // namespace mcpgw::session
