#include "core/gateway/mcp_shapes.hpp"

namespace mcpgw::gateway {

using Json = nlohmann::json;

Json tool_json(const store::Tool& t) {
  Json j = {{"name", t.name}, {"inputSchema", t.input_schema.is_object() ? t.input_schema : Json{{"type", "object"}}}};
  if (!t.display_name.empty()) j["title"] = t.display_name;
  if (!t.description.empty()) j["description"] = t.description;
  if (!t.output_schema.is_null()) j["outputSchema"] = t.output_schema;
  if (t.annotations.is_object() && !t.annotations.empty()) j["annotations"] = t.annotations;
  return j;
}

Json resource_json(const store::Resource& r) {
  Json j = {{"uri", r.uri}, {"name", r.name.empty() ? r.uri : r.name}};
  if (!r.description.empty()) j["description"] = r.description;
  if (!r.mime_type.empty()) j["mimeType"] = r.mime_type;
  if (r.size) j["size"] = *r.size;
  if (r.annotations.is_object() && !r.annotations.empty()) j["annotations"] = r.annotations;
  return j;
}

Json template_json(const store::ResourceTemplate& t) {
  Json j = {{"uriTemplate", t.uri_template}, {"name", t.name.empty() ? t.uri_template : t.name}};
  if (!t.description.empty()) j["description"] = t.description;
  if (!t.mime_type.empty()) j["mimeType"] = t.mime_type;
  if (t.annotations.is_object() && !t.annotations.empty()) j["annotations"] = t.annotations;
  return j;
}

Json prompt_json(const store::Prompt& p) {
  Json j = {{"name", p.name}};
  if (!p.description.empty()) j["description"] = p.description;
  if (p.arguments.is_array() && !p.arguments.empty()) j["arguments"] = p.arguments;
  return j;
}

}  // namespace mcpgw::gateway
