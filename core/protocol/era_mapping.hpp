#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/jsonrpc/message.hpp"
#include "core/protocol/revision.hpp"

namespace mcpgw::protocol {

using jsonrpc::Json;
using HeaderList = std::vector<std::pair<std::string, std::string>>;

/// What a legacy client said in its initialize (and logging/setLevel), attached to every
/// request a modern server gets on its behalf (2026-07-28 _meta).
struct ModernClientContext {
  std::string version{kModern};
  Json capabilities = Json::object();
  Json client_info;                 // null when the client named none
  std::string log_level;            // "" until the client calls logging/setLevel
};

/// The context from a legacy initialize request's params.
ModernClientContext context_from_initialize(const Json& initialize_request);

/// The era a server/discover probe revealed and, for modern, the revision to speak.
struct EraProbe {
  Era era = Era::legacy;
  std::string version;
};

/// The server/discover request that probes a server's era (2026-07-28 versioning).
Json make_discover_request(const Json& id, const ModernClientContext& context);

/// 2026-07-28 versioning, era detection: a DiscoverResult, or an UnsupportedProtocolVersion error
/// listing a modern revision we speak, means modern; anything else (any other error, a body that
/// is no JSON-RPC response, which arrives here as null) means legacy.
EraProbe classify_discover_reply(const Json& reply);

/// Adds the modern _meta (revision, capabilities, client info, log level) to a request, keeping
/// keys the request already carries, and returns the headers its POST must carry:
/// MCP-Protocol-Version, Mcp-Method and, for tools/call, resources/read and prompts/get, Mcp-Name.
HeaderList shape_modern_request(Json& request, const ModernClientContext& context);
/// The headers a POST of an already shaped 2026-07-28 request must carry (as above).
HeaderList modern_request_headers(const Json& request);

/// The InitializeResult a legacy client gets from a DiscoverResult: its own revision when it is
/// a legacy one we speak (else our latest), and the server's capabilities, identity and instructions.
Json initialize_result_from_discover(const Json& discover_result, std::string_view requested_version);

/// The subscriptions/listen filter for every list a DiscoverResult says can change
/// (toolsListChanged, promptsListChanged, resourcesListChanged); empty when none can.
Json list_changed_filter(const Json& discover_result);

/// Whether a result asks the client for input (2026-07-28 multi round-trip requests).
bool is_input_required(const Json& result);

/// Turns `request` into the retry of a request that got `input_required`: a new id, the client's
/// `input_responses` and the result's requestState echoed unchanged (absent when it had none).
void prepare_input_retry(Json& request, const Json& new_id, Json input_responses, const Json& input_required);

/// The client capability an input request needs ("sampling", "elicitation", "roots"), or "".
std::string_view capability_for_input(std::string_view method);

}  // namespace mcpgw::protocol
