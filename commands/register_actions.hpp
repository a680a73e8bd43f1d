#pragma once

#include "commands/register.hpp"
#include "core/admin/api_client.hpp"

namespace mcpgw::commands {

// The actions behind `mcpgw register`, grouped by file; run_register_action picks one.

/// Dispatches on options.action. Throws CommandFailed (exit 1) or UsageError (exit 2).
int run_register_action(const RegisterOptions& options);

// register_create.cpp
int register_gateway(admin::ApiClient& client, const RegisterOptions& options);
int register_server(admin::ApiClient& client, const RegisterOptions& options);
int register_tool(admin::ApiClient& client, const RegisterOptions& options);
int register_openapi(admin::ApiClient& client, const RegisterOptions& options);
int register_prompt(admin::ApiClient& client, const RegisterOptions& options);
int register_resource(admin::ApiClient& client, const RegisterOptions& options);

// register_manage.cpp
int list_action(admin::ApiClient& client, const RegisterOptions& options);
int show_record(admin::ApiClient& client, const RegisterOptions& options);
int remove_record(admin::ApiClient& client, const RegisterOptions& options);
int set_enabled(admin::ApiClient& client, const RegisterOptions& options, bool enabled);
int refresh_gateway(admin::ApiClient& client, const RegisterOptions& options);
int revoke_token(admin::ApiClient& client, const RegisterOptions& options);

// register_call.cpp
int call_tool(admin::ApiClient& client, const RegisterOptions& options);

// register_apply.cpp
int apply_files(admin::ApiClient& client, const RegisterOptions& options);
int export_config(admin::ApiClient& client, const RegisterOptions& options);

/// `response`'s JSON body when it succeeded; else throws CommandFailed with `doing` and the
/// gateway's reason ("registering gateway 'x': the gateway answered 409: …").
nlohmann::json expect_ok(const admin::ApiResponse& response, const std::string& doing);

/// The whole text of a file, or of standard input for "-". Throws UsageError naming the file.
std::string read_input_file(const std::string& path);

}  // namespace mcpgw::commands
