// mcpgw: the command table. Each subcommand registers its flags and has one run function.
#include <exception>
#include <functional>
#include <iostream>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/exit_codes.hpp"
#include "commands/token.hpp"
#include "core/error.hpp"

namespace {

struct Command {
  CLI::App* sub;
  std::function<int()> run;
};

int run_guarded(const std::function<int()>& run) {
  try {
    return run();
  } catch (const mcpgw::ConfigError& e) {
    std::cerr << "mcpgw: error: " << e.what() << "\n";
    return mcpgw::cli::kExitStartupFailed;
  } catch (const std::exception& e) {
    std::cerr << "mcpgw: error: " << e.what() << "\n";
    return mcpgw::cli::kExitStartupFailed;
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"mcpgw: a gateway and toolkit for the Model Context Protocol", "mcpgw"};
  app.set_version_flag("-V,--version", std::string("mcpgw ") + MCPGW_VERSION);
  app.require_subcommand(1);

  mcpgw::commands::TokenOptions token_options;

  std::vector<Command> commands = {
      {register_token(app, token_options), [&] { return run_token(token_options); }},
  };

  CLI11_PARSE(app, argc, argv);
  for (const auto& command : commands) {
    if (command.sub->parsed()) return run_guarded(command.run);
  }
  return mcpgw::cli::kExitStartupFailed;
}
