#include "commands/register.hpp"

#include <CLI/CLI.hpp>

#include "commands/api_target.hpp"
#include "commands/register_actions.hpp"

namespace mcpgw::commands {

namespace {

// Each subcommand: its positionals and flags; the shared target flags fall through to `register`.
CLI::App* action(CLI::App* parent, RegisterOptions& o, const char* name, const char* help) {
  return add_action(parent, o.action, name, help);
}

const char* kKindHelp = "gateways, tools, servers, prompts or resources";

/// --auth-token, --auth-basic, --auth-header: what the gateway sends `to` ("upstream", "to the API").
void add_credential_flags(CLI::App* sub, RegisterOptions& o, const std::string& to) {
  sub->add_option("--auth-token", o.auth_token, "Bearer token the gateway sends " + to);
  sub->add_option("--auth-basic", o.auth_basic, "USER:PASSWORD the gateway sends " + to);
  sub->add_option("--auth-header", o.auth_headers, "K:V header the gateway sends " + to + " (repeatable)");
}

/// --description and --tag, which every record takes.
void add_description_flags(CLI::App* sub, RegisterOptions& o) {
  sub->add_option("--description", o.description, "Description");
  sub->add_option("--tag", o.tags, "Tag (repeatable)");
}

void add_create_actions(CLI::App* reg, RegisterOptions& o) {
  auto* gateway = action(reg, o, "gateway", "Register an MCP server (streamable HTTP, SSE, or a stdio command)");
  gateway->add_option("NAME", o.name, "The gateway's name")->required();
  gateway->add_option("URL", o.url, "The server's URL (remote servers)");
  gateway->add_option("--command", o.command, "A stdio server the gateway runs, e.g. \"npx -y @scope/pkg\"");
  gateway->add_option("--transport", o.transport, "sse or streamable-http (default: from the URL)")
      ->check(CLI::IsMember({"sse", "streamable-http", "streamablehttp", "http", "SSE", "STREAMABLEHTTP"}));
  add_credential_flags(gateway, o, "upstream");
  gateway->add_option("--passthrough-header", o.passthrough_headers, "Client header passed upstream (repeatable)");
  gateway->add_option("--tool-prefix", o.tool_prefix, "Prefix of the gateway's tool names");
  gateway->add_option("--env", o.env, "K=V in the stdio server's environment (repeatable)");
  add_description_flags(gateway, o);

  auto* server = action(reg, o, "server", "Create a virtual server from tools, resources and prompts");
  server->add_option("NAME", o.name, "The server's name")->required();
  server->add_option("--tools", o.tools, "Tool ids or names, comma-separated")->delimiter(',');
  server->add_option("--resources", o.resources, "Resource ids or URIs, comma-separated")->delimiter(',');
  server->add_option("--prompts", o.prompts, "Prompt ids or names, comma-separated")->delimiter(',');
  add_description_flags(server, o);

  auto* tool = action(reg, o, "tool", "Register a REST API endpoint as a tool");
  tool->add_option("NAME", o.name, "The tool's name")->required();
  tool->add_option("--url", o.url, "The endpoint's URL")->required();
  tool->add_option("--method", o.method, "HTTP method")
      ->check(CLI::IsMember({"GET", "POST", "PUT", "PATCH", "DELETE"}, CLI::ignore_case))
      ->capture_default_str();
  tool->add_option("--input-schema", o.input_schema_file, "File with the arguments' JSON Schema")->check(CLI::ExistingFile);
  tool->add_option("--jq", o.jq, "jq filter applied to the API's answer");
  tool->add_option("--header", o.headers, "K:V header sent to the API (repeatable)");
  add_credential_flags(tool, o, "to the API");
  tool->add_option("--timeout-ms", o.tool_timeout_ms, "The call's timeout")->check(CLI::PositiveNumber);
  add_description_flags(tool, o);

  auto* openapi = action(reg, o, "openapi", "Register one tool per operation of an OpenAPI 3 document");
  openapi->add_option("SPEC", o.name, "The document: a file, or a URL the gateway fetches")->required();
  openapi->add_option("--base-url", o.base_url, "The API's base URL (default: the document's servers[0])");
  openapi->add_option("--prefix", o.name_prefix, "Prefix of the tools' names");
  openapi->add_option("--include", o.include, "Only these operationIds (repeatable)");
  openapi->add_option("--tag", o.tags, "Tag (repeatable)");
  openapi->add_flag("--dry-run", o.dry_run, "List the tools without registering them");

  auto* prompt = action(reg, o, "prompt", "Keep a prompt template in the gateway");
  prompt->add_option("NAME", o.name, "The prompt's name")->required();
  prompt->add_option("--template", o.template_file, "File with the template ({{ name }} placeholders), - for stdin")
      ->required();
  prompt->add_option("--arg", o.prompt_args, "Argument NAME[:required][:description] (repeatable)");
  add_description_flags(prompt, o);

  auto* resource = action(reg, o, "resource", "Keep a resource (or a URI template) in the gateway");
  resource->add_option("URI", o.name, "The resource's URI, or an RFC 6570 template")->required();
  resource->add_option("--file", o.file, "File with its content, - for stdin")->required();
  resource->add_option("--mime-type", o.mime_type, "Its MIME type (default: from the file's extension)");
  resource->add_option("--name", o.resource_name, "Its name (default: the URI)");
  add_description_flags(resource, o);
}

void add_manage_actions(CLI::App* reg, RegisterOptions& o) {
  auto* list = action(reg, o, "list", "List gateways, tools, servers, prompts or resources (all kinds without KIND)");
  list->add_option("KIND", o.kind, kKindHelp);
  list->add_option("--gateway", o.gateway, "Only what this gateway (id or name) brings");
  list->add_option("--tag", o.tags, "Only records with this tag (repeatable)");
  list->add_flag("--all", o.all, "Disabled records too");

  auto* show = action(reg, o, "show", "Show one record");
  show->add_option("KIND", o.kind, kKindHelp)->required();
  show->add_option("REF", o.ref, "Its id or name (a resource: its URI)")->required();

  auto* remove = action(reg, o, "remove", "Delete one record");
  remove->add_option("KIND", o.kind, kKindHelp)->required();
  remove->add_option("REF", o.ref, "Its id or name")->required();
  remove->add_flag("-y,--yes", o.yes, "Do not ask");

  for (const char* verb : {"enable", "disable"}) {
    auto* state = action(reg, o, verb, verb == std::string("enable") ? "Enable one record" : "Disable one record");
    state->add_option("KIND", o.kind, kKindHelp)->required();
    state->add_option("REF", o.ref, "Its id or name")->required();
  }

  auto* refresh = action(reg, o, "refresh", "Discover a gateway's tools, resources and prompts again");
  refresh->add_option("GATEWAY", o.ref, "Its id or name")->required();

  auto* call = action(reg, o, "call", "Call a tool through the gateway and print its result");
  call->add_option("TOOL", o.ref, "The tool's name or id")->required();
  call->add_option("--arg", o.call_args, "Argument K=V (V is JSON when the schema says it is not a string)");
  call->add_option("--json", o.call_json, "All arguments as one JSON object");

  auto* token = action(reg, o, "token", "Tokens the gateway accepts");
  token->require_subcommand(1);
  auto* revoke = token->add_subcommand("revoke", "Revoke a token by its jti, or the token itself");
  revoke->fallthrough();
  revoke->add_option("TOKEN", o.ref, "A jti, or the token (its jti and expiry are read from it)")->required();
  revoke->add_option("--reason", o.reason, "Why, kept with the revocation");
}

void add_declarative_actions(CLI::App* reg, RegisterOptions& o) {
  auto* apply = action(reg, o, "apply", "Make the gateway match YAML, TOML or JSON files: plan, then apply");
  apply->add_option("FILE", o.files, "Files or directories (merged in order)")->required();
  apply->add_flag("-y,--yes", o.yes, "Apply without asking");
  apply->add_flag("--prune", o.prune, "Delete what the files do not name");
  apply->add_flag("--dry-run", o.dry_run, "Print the plan only; exit 2 when changes are pending");

  auto* exp = action(reg, o, "export", "Write the gateway's configuration in apply's format");
  exp->add_flag("--include-secrets", o.include_secrets, "Keep credentials, sealed with the gateway's encryption key");
}

}  // namespace

CLI::App* register_register(CLI::App& app, RegisterOptions& options) {
  auto* reg = app.add_subcommand("register", "Manage a running gateway: register, list, change, apply a whole file");
  reg->require_subcommand(1);
  add_target_flags(reg, options.target, true);
  add_create_actions(reg, options);
  add_manage_actions(reg, options);
  add_declarative_actions(reg, options);
  return reg;
}

int run_register(const RegisterOptions& options) {
  return run_checked("register", [&] { return run_register_action(options); });
}

}  // namespace mcpgw::commands
