// mcpgw: the command table. Each subcommand registers its flags and has one run function.
#include <csignal>
#include <exception>
#include <functional>
#include <iostream>
#include <vector>

#include <CLI/CLI.hpp>

#include "commands/catalog.hpp"
#include "commands/register.hpp"
#include "commands/serve.hpp"
#include "commands/token.hpp"
#include "commands/translate.hpp"
#include "commands/wrapper.hpp"
#include "core/error.hpp"
#include "core/exit_code.hpp"

namespace {

struct Command {
  CLI::App* sub;
  std::function<int()> run;
  int usage_exit = mcpgw::kExitStartupFailed;  // register and catalog: 2, as scripts expect
};

int run_guarded(const std::function<int()>& run) {
  try {
    return run();
  } catch (const mcpgw::ConfigError& e) {
    std::cerr << "mcpgw: error: " << e.what() << "\n";
    return mcpgw::kExitStartupFailed;
  } catch (const std::exception& e) {
    std::cerr << "mcpgw: error: " << e.what() << "\n";
    return mcpgw::kExitStartupFailed;
  }
}

}  // namespace

int main(int argc, char** argv) {
  // A peer that closes a pipe or socket is an error value on the I/O path, not a reason to die.
  std::signal(SIGPIPE, SIG_IGN);
  CLI::App app{"mcpgw: a gateway and toolkit for the Model Context Protocol", "mcpgw"};
  app.set_version_flag("-V,--version", std::string("mcpgw ") + MCPGW_VERSION);
  app.require_subcommand(1);

  using namespace mcpgw::commands;
  TranslateOptions translate;
  WrapperOptions wrapper;
  TokenOptions token;
  ServeOptions serve;
  RegisterOptions registry;
  CatalogOptions catalog;

  std::vector<Command> commands = {
      {register_serve(app, serve), [&] { return run_serve(serve); }},
      {register_translate(app, translate), [&] { return run_translate(translate); }},
      {register_wrapper(app, wrapper), [&] { return run_wrapper(wrapper); }},
      {register_token(app, token), [&] { return run_token(token); }},
      {register_register(app, registry), [&] { return run_register(registry); }, mcpgw::kExitUsage},
      {register_catalog(app, catalog), [&] { return run_catalog(catalog); }, mcpgw::kExitUsage},
  };

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Help and version print and succeed; a bad command line is a startup error (exit 1), or
    // a usage error (exit 2) for the commands scripts drive.
    int code = app.exit(e);
    if (code == 0) return mcpgw::kExitOk;
    for (const auto& command : commands)
      if (command.sub->parsed()) return command.usage_exit;
    return mcpgw::kExitStartupFailed;
  }
  for (const auto& command : commands) {
    if (command.sub->parsed()) return run_guarded(command.run);
  }
  return mcpgw::kExitStartupFailed;
}
