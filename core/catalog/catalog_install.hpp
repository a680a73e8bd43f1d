#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/catalog/catalog_entry.hpp"

namespace mcpgw::catalog {

/// What the user adds to an entry when installing it.
struct InstallValues {
  std::string name;                            // the gateway's name; "" = the entry's name
  std::map<std::string, std::string> env;      // env variables, declared by the entry or not
  std::map<std::string, std::string> headers;  // headers of a remote, declared or not
  std::string api_key;                         // a remote's credential, or a local one's first secret
};

/// A required value nobody gave, so that a CLI can ask for it.
struct MissingValue {
  std::string kind;  // "env", "header" or "api_key"
  std::string name;  // the variable or header; "api_key" for the api key
  std::string description;
  bool secret = false;
};

/// The body for POST /gateways, or why there is none.
struct InstallPlan {
  nlohmann::json body;               // an object once missing and error are empty
  std::vector<MissingValue> missing;
  std::string error;                 // the entry cannot be installed at all
};

/// Builds the POST /gateways body (name, description, tags, and url + transport + credentials,
/// or command + env) that installs `e`, or names what is missing.
/// Remote: `api_key` becomes a bearer token (ContextForge's catalog does the same for "API
/// Key", "API" and OAuth auth types; any other non-Open type sends it as X-API-Key); header
/// values (given, else defaults) go with it as auth_headers. An entry that requires_api_key and
/// gets neither an api_key nor a header value lacks "api_key".
/// Local: each env variable takes its given value, else (if it is secret) the api_key for the
/// first required secret one, else its default; a required one with none is missing. "${NAME}"
/// in the command becomes NAME's value, quoted for the command-line splitter.
/// A WEBSOCKET entry is an error: the gateway has no such transport. Pure.
InstallPlan plan_install(const CatalogEntry& e, const InstallValues& values);

/// `value` as one word of a command line as transport::stdio::split_command_line splits it:
/// as it is when it holds only safe characters, else in single quotes.
std::string command_word(const std::string& value);

/// Whether a gateway with this url or command is `e` installed: the same url (ignoring a
/// trailing '/'), or the command with its ${NAME}s filled in any way.
bool installed_as(const CatalogEntry& e, const std::string& url, const std::string& command);

}  // namespace mcpgw::catalog
