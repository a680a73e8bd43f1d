#pragma once

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

#include "commands/register.hpp"
#include "core/admin/api_client.hpp"

namespace CLI {
class App;
}

namespace mcpgw::commands {

/// A request the gateway refused or could not answer: exit status 1, the message on stderr.
struct CommandFailed : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// A command line that cannot be carried out as given: exit status 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// --url, --token, --token-secret, --secret-file, -o, -q and --timeout on `sub`.
void add_target_flags(CLI::App* sub, TargetOptions& options, bool toml_output = false);

/// A subcommand `name` of `parent` that sets `chosen` to its name when parsed; the parent's
/// flags (the target's) may follow it.
CLI::App* add_action(CLI::App* parent, std::string& chosen, const char* name, const char* help);

/// A client of the gateway `options` names. Its token: --token or MCPGATEWAY_BEARER_TOKEN as
/// given; else one minted for 5 minutes (an admin, PLATFORM_ADMIN_EMAIL or admin@example.com)
/// with the secret `mcpgw token` would find (--token-secret, --secret-file, JWT_SECRET_KEY, the
/// secret file beside the SQLite database); else none, for a gateway with auth off.
std::unique_ptr<admin::ApiClient> make_client(const TargetOptions& options);

/// Runs `run` and turns what it throws into an exit status: CommandFailed and std errors 1,
/// UsageError 2, each with "mcpgw: error: …" on stderr.
int run_checked(const char* command, const std::function<int()>& run);

/// Whether standard input and standard error are terminals (prompts can be asked).
bool interactive();
/// Asks `question` [y/N] on stderr; true for y or yes.
bool confirm(const std::string& question);

}  // namespace mcpgw::commands
