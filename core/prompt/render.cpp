#include "core/prompt/render.hpp"

#include "core/prompt/template.hpp"

namespace mcpgw::prompt {

using nlohmann::json;

Rendered render_prompt(const store::Prompt& prompt, const json& arguments) {
  Rendered out;
  if (!arguments.is_null() && !arguments.is_object()) {
    out.error = "arguments must be an object";
    return out;
  }
  static const json kNone = json::object();
  const json& args = arguments.is_object() ? arguments : kNone;
  for (const auto& a : prompt.arguments) {
    if (!a.is_object() || !a.value("required", false)) continue;
    const std::string name = a.value("name", std::string());
    auto found = args.find(name);
    if (found == args.end() || found->is_null()) {
      out.error = "Missing required argument '" + name + "' for prompt '" + prompt.name + "'";
      return out;
    }
  }
  TemplateError problem;
  auto compiled = Template::parse(prompt.template_text, problem);
  if (!compiled) {  // stored before a check, or changed by hand: say so rather than guess
    out.error = "the prompt's template cannot be rendered: " + problem.to_string();
    return out;
  }
  json message = {{"role", "user"}, {"content", {{"type", "text"}, {"text", compiled->render(args)}}}};
  out.result = {{"messages", json::array({std::move(message)})}};
  if (!prompt.description.empty()) out.result["description"] = prompt.description;
  return out;
}

}  // namespace mcpgw::prompt
