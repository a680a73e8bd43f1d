#include "core/session/upstream_message.hpp"

#include <string>

#include "core/jsonrpc/failure.hpp"
#include "core/log/logger.hpp"

namespace mcpgw::session {

std::optional<jsonrpc::Kind> classify_upstream_message(jsonrpc::Envelope& message, std::string_view session_id) {
  const jsonrpc::Json& json = message.json();
  std::string why;
  const auto kind = json.is_discarded() ? jsonrpc::Kind::invalid : jsonrpc::classify(json, &why);
  if (kind != jsonrpc::Kind::invalid) return kind;
  if (json.is_discarded()) why = message.fault().describe();
  MCPGW_LOG(warn, "upstream_bad_message",
            (session_id.empty() ? "" : "session=") << session_id << (session_id.empty() ? "" : " ") << "why=\"" << why << "\" text=\""
                    << std::string_view(message.text()).substr(0, 200) << "\"");
  auto id = jsonrpc::id_of_broken_response(json);
  if (!id) return std::nullopt;
  message = jsonrpc::make_failure(*id, jsonrpc::Failure::internal_error,
                                  "the upstream's answer is not valid JSON-RPC: " + why);
  return jsonrpc::Kind::response;
}

}  // namespace mcpgw::session
