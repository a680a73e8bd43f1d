#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace mcpgw::store {

/// When a record was created or last changed; set by the store, milliseconds since the epoch.
using Timestamp = std::chrono::sys_time<std::chrono::milliseconds>;

inline Timestamp current_time() {
  return std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

/// An upstream MCP server registered with `serve` (ContextForge's "gateway").
/// Unique: name, slug.
struct Gateway {
  std::string id{};  // 32 hex digits; the store makes one when empty
  std::string name{};
  std::string slug{};                             // from the name when left empty (slug.hpp)
  std::string url{};                              // remote endpoint; empty for stdio
  std::string transport{};                        // "SSE", "STREAMABLEHTTP" or "STDIO"
  std::string command{};                          // stdio: the command line to run
  nlohmann::json env = nlohmann::json::object();  // stdio: extra environment
  std::string auth_type{};                        // "", "basic", "bearer", "authheaders", "oauth"
  std::string auth_value_encrypted{};             // SecretBox::seal output
  nlohmann::json auth_headers = nlohmann::json::array();
  std::vector<std::string> passthrough_headers{};  // client headers forwarded upstream
  std::string description{};
  std::vector<std::string> tags{};
  std::optional<std::string> tool_prefix{};  // overrides the slug in exposed names
  bool enabled = true;
  bool reachable = true;
  Timestamp created_at{};
  Timestamp updated_at{};
};

/// A tool, discovered from a gateway or registered directly (empty gateway_id).
/// Unique: name (what clients call).
/// A REST tool (integration_type "REST") is an HTTP endpoint that serve calls itself
/// (ContextForge's REST integration): the fields from `url` on describe that request.
struct Tool {
  std::string id{};
  std::string gateway_id{};     // empty: not from a gateway
  std::string name{};           // exposed name, e.g. "<slug>-<original_name>"
  std::string original_name{};  // the name upstream
  std::string display_name{};   // the upstream title, if any
  std::string description{};
  nlohmann::json input_schema = nlohmann::json::object();
  nlohmann::json output_schema{};  // null when the tool declares none
  nlohmann::json annotations = nlohmann::json::object();
  std::vector<std::string> tags{};
  bool enabled = true;
  Timestamp created_at{};
  Timestamp updated_at{};
  std::string integration_type = "MCP";  // "MCP" (a gateway's) or "REST"
  std::string url{};                     // REST: the endpoint; {name} path segments come from arguments
  std::string request_type{};            // REST: GET, POST, PUT, PATCH or DELETE
  nlohmann::json headers = nlohmann::json::object();         // REST: sent with every call
  std::string auth_type{};                                   // REST: "", "basic", "bearer", "authheaders"
  std::string auth_value_encrypted{};                        // REST: SecretBox::seal output
  nlohmann::json query_mapping = nlohmann::json::object();   // REST: argument → query parameter
  nlohmann::json header_mapping = nlohmann::json::object();  // REST: argument → request header
  std::optional<std::int64_t> timeout_ms{};                  // REST: else TOOL_TIMEOUT
  std::string jsonpath_filter{};                             // REST: a jq program applied to the answer
  std::optional<std::int64_t> rate_limit{};                  // calls per minute; else TOOL_RATE_LIMIT
};

/// A concrete resource. Unique: uri within its gateway.
struct Resource {
  std::string id{};
  std::string gateway_id{};
  std::string uri{};
  std::string name{};
  std::string description{};
  std::string mime_type{};
  std::optional<std::int64_t> size{};
  nlohmann::json annotations = nlohmann::json::object();
  std::vector<std::string> tags{};
  bool enabled = true;
  Timestamp created_at{};
  Timestamp updated_at{};
  std::optional<std::string> text{};  // a resource kept in the gateway: its text content,
  std::optional<std::string> blob{};  // or its binary content, base64
};

/// A parameterised resource (RFC 6570 template). Unique: uri_template within its gateway.
struct ResourceTemplate {
  std::string id{};
  std::string gateway_id{};
  std::string uri_template{};
  std::string name{};
  std::string description{};
  std::string mime_type{};
  nlohmann::json annotations = nlohmann::json::object();
  std::vector<std::string> tags{};
  bool enabled = true;
  Timestamp created_at{};
  Timestamp updated_at{};
  std::optional<std::string> text{};  // kept in the gateway: the content, {name}s filled from the URI
};

/// A prompt. Unique: name (what clients ask for).
/// A prompt kept in the gateway itself (empty gateway_id) has a `template` (Jinja subset,
/// core/prompt/template.hpp) that serve renders; every change keeps the version before it.
struct Prompt {
  std::string id{};
  std::string gateway_id{};
  std::string name{};           // exposed name
  std::string original_name{};  // the name upstream
  std::string description{};
  nlohmann::json arguments = nlohmann::json::array();  // [{"name", "description", "required"}]
  std::vector<std::string> tags{};
  bool enabled = true;
  Timestamp created_at{};
  Timestamp updated_at{};
  std::string template_text{};                         // local prompts: what prompts/get renders
  std::int64_t version = 1;                            // local prompts: 1, then one more per change
  nlohmann::json history = nlohmann::json::array();    // earlier versions: [{"version", "description",
                                                       // "template", "arguments", "updated_at" (ms)}]
};

/// A virtual server: a chosen set of tools, resources and prompts served at
/// /servers/<id>/mcp. Unique: name. The id lists keep their order; deleting a tool, resource
/// or prompt drops it from every server.
struct Server {
  std::string id{};
  std::string name{};
  std::string description{};
  std::vector<std::string> tool_ids{};
  std::vector<std::string> resource_ids{};
  std::vector<std::string> prompt_ids{};
  std::vector<std::string> tags{};
  bool enabled = true;
  Timestamp created_at{};
  Timestamp updated_at{};
};

/// A JWT that must no longer be accepted, by its jti.
struct RevokedToken {
  std::string jti{};
  std::optional<Timestamp> expires_at{};  // the token's exp: after it the row may go
  std::string reason{};
  Timestamp revoked_at{};  // set by the store
};

/// The tools, resources, templates and prompts one gateway offers, as a refresh finds them.
struct Catalog {
  std::vector<Tool> tools{};
  std::vector<Resource> resources{};
  std::vector<ResourceTemplate> resource_templates{};
  std::vector<Prompt> prompts{};
};

}  // namespace mcpgw::store
