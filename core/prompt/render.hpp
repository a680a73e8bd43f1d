#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/store/records.hpp"

namespace mcpgw::prompt {

/// A prompt kept in the gateway, rendered: `result` is the GetPromptResult (MCP 2025-11-25
/// §prompts/get: the description and one user message with the rendered text), or `error` says
/// why the arguments do not fit (a required argument missing or null, arguments not an
/// object): a JSON-RPC -32602 for MCP, 422 for the REST API.
struct Rendered {
  std::string error;
  nlohmann::json result;
};

Rendered render_prompt(const store::Prompt& prompt, const nlohmann::json& arguments);

}  // namespace mcpgw::prompt
