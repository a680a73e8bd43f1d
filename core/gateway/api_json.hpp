#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/gateway/catalog_view.hpp"
#include "core/gateway/upstream.hpp"
#include "core/store/records.hpp"

namespace mcpgw::gateway {

using nlohmann::json;

/// The REST API's shapes: ContextForge's camelCase field names, timestamps in ISO 8601 UTC.
/// Credentials never appear in clear: authValue is "*****" when set.
json gateway_json(const store::Gateway& g, bool reachable, const std::string& problem);
json tool_json_api(const store::Tool& t, const CatalogView& view);
json resource_json_api(const store::Resource& r);
json template_json_api(const store::ResourceTemplate& t);
json prompt_json_api(const store::Prompt& p);
json server_json(const store::Server& s);
std::string iso_time(store::Timestamp t);

/// A request body's field under its snake_case or camelCase name (ContextForge accepts both);
/// nullptr when absent.
const json* field(const json& body, const char* snake, const char* camel = nullptr);

/// Why an API input is unusable; empty when fine.
struct InputError {
  std::string message;
  explicit operator bool() const { return !message.empty(); }
};

/// What the API shows in place of a secret; sent back, it means "unchanged".
inline constexpr std::string_view kSecretMask = "*****";

/// Applies the gateway fields present in `body` to `g` (all of them for a new gateway, which
/// must name `name` and `url` or `command`). `auth` receives the new credential headers when
/// they change, and stays nullopt when they stay as stored. For an update, `stored` holds the
/// current credentials: a masked or absent secret under the same auth type keeps its stored
/// value, and a new origin (scheme, host, port) drops stored credentials unless the body sends
/// them again in clear.
InputError apply_gateway_input(const json& body, store::Gateway& g, std::optional<HeaderPairs>& auth, bool creating,
                               const HeaderPairs& stored = {});

/// Applies the REST tool fields present in `body` (ContextForge's ToolCreate / ToolUpdate:
/// snake_case or camelCase, credentials flat or nested under "auth") to `t`; a new tool must
/// name `name` and `url`. Credentials as apply_gateway_input. The request fields themselves
/// are checked by rest::rest_tool_problem.
InputError apply_tool_input(const json& body, store::Tool& t, std::optional<HeaderPairs>& auth, bool creating,
                            const HeaderPairs& stored = {});

/// Applies the fields of a prompt kept in the gateway (ContextForge's PromptCreate /
/// PromptUpdate: name, description, template, arguments [{name, description, required}], tags).
/// The template itself is checked by the caller (prompt::Template::parse).
InputError apply_prompt_input(const json& body, store::Prompt& p, bool creating);

/// Applies the fields of a resource kept in the gateway (ContextForge's ResourceCreate: uri,
/// name, description, mime_type (guessed from the URI's extension when absent), content as
/// text or blob as base64, tags).
InputError apply_resource_input(const json& body, store::Resource& r, bool creating);

/// Whether a POST /resources body describes a resource template (`uri_template`, or a `uri`
/// holding a {variable}).
bool describes_template(const json& body);
/// Applies the fields of a resource template kept in the gateway: uri_template (or uri), name,
/// description, mime_type (guessed from the template when absent), content (text whose
/// {name}s are filled from the URI read), tags.
InputError apply_template_input(const json& body, store::ResourceTemplate& t, bool creating);

/// Applies the server fields present in `body` (the {"server": {...}} wrapper already
/// removed); associated tools, resources and prompts may be named by id or by name/uri.
InputError apply_server_input(const json& body, store::Server& s, const CatalogView& view, bool creating);

/// Checks a record name: 1-255 characters, no control characters.
InputError check_name(const std::string& name, const char* what);

}  // namespace mcpgw::gateway
