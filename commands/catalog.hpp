#pragma once

#include <string>
#include <vector>

#include "commands/register.hpp"

namespace CLI {
class App;
}

namespace mcpgw::commands {

/// Options of `mcpgw catalog` and its subcommands. Defaults live here. main owns it.
struct CatalogOptions {
  TargetOptions target;            // install and list --installed talk to a gateway
  std::vector<std::string> files;  // --catalog FILE… (MCPGW_CATALOG): merged over the shipped one
  std::string action;              // list, search, show, install, import, validate
  std::string argument;            // search TEXT, show/install ID, import FILE|URL, validate FILE
  std::string category;
  std::vector<std::string> tags;
  bool installed = false;
  // install
  std::string name;
  std::vector<std::string> env;
  std::vector<std::string> headers;
  std::string api_key;
  bool no_input = false;
};

/// Adds `catalog` and its subcommands to `app`.
CLI::App* register_catalog(CLI::App& app, CatalogOptions& options);

/// Runs the parsed subcommand: 0 done, 1 failed (one line on stderr says why), 2 usage error.
int run_catalog(const CatalogOptions& options);

}  // namespace mcpgw::commands
