#pragma once

#include <nlohmann/json.hpp>

#include "core/store/records.hpp"

namespace mcpgw::gateway {

// How stored records look in MCP list results (tools/list, resources/list,
// resources/templates/list, prompts/list): the protocol's field names, empty fields left out.
nlohmann::json tool_json(const store::Tool& t);
nlohmann::json resource_json(const store::Resource& r);
nlohmann::json template_json(const store::ResourceTemplate& t);
nlohmann::json prompt_json(const store::Prompt& p);

}  // namespace mcpgw::gateway
