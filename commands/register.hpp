#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace mcpgw::commands {

/// Where `register` and `catalog` send their requests, and how they print answers.
struct TargetOptions {
  std::string url = "http://127.0.0.1:4444";  // --url (MCPGW_URL)
  std::string token;                          // --token (MCPGATEWAY_BEARER_TOKEN)
  std::string token_secret;                   // --token-secret: mint a token with this HMAC secret
  std::string secret_file;                    // --secret-file
  std::string output = "table";               // -o table|json|yaml (export: yaml|toml|json)
  bool quiet = false;                         // -q: ids only
  long timeout_seconds = 120;
};

/// Options of `mcpgw register` and its subcommands. Defaults live here. main owns it.
struct RegisterOptions {
  TargetOptions target;
  std::string action;  // the subcommand: gateway, server, tool, …, apply, export

  // Positionals: what each subcommand names.
  std::string name;    // gateway/server/tool/prompt NAME, resource URI, openapi FILE|URL
  std::string url;     // gateway URL; tool --url
  std::string kind;    // list/show/remove/enable/disable KIND
  std::string ref;     // show/remove/enable/disable ID|NAME, refresh GATEWAY, call TOOL, token revoke
  std::vector<std::string> files;  // apply FILE…

  // gateway
  std::string transport, auth_token, auth_basic, tool_prefix, command, description;
  std::vector<std::string> auth_headers, passthrough_headers, tags, env;
  // server
  std::vector<std::string> tools, resources, prompts;
  // tool
  std::string method = "POST", input_schema_file, jq;
  std::vector<std::string> headers;
  long tool_timeout_ms = 0;
  // openapi
  std::string base_url, name_prefix;
  std::vector<std::string> include;
  bool dry_run = false;
  // prompt
  std::string template_file;
  std::vector<std::string> prompt_args;
  // resource
  std::string file, mime_type, resource_name;
  // list
  std::string gateway;
  bool all = false;
  // remove, apply
  bool yes = false;
  // call
  std::vector<std::string> call_args;
  std::string call_json;
  // token revoke
  std::string reason;
  // apply, export
  bool prune = false;
  bool include_secrets = false;
};

/// Adds `register` and its subcommands to `app`.
CLI::App* register_register(CLI::App& app, RegisterOptions& options);

/// Runs the parsed subcommand: 0 done, 1 failed (one line on stderr says why), 2 usage error
/// (and, for apply --dry-run, changes pending).
int run_register(const RegisterOptions& options);

}  // namespace mcpgw::commands
