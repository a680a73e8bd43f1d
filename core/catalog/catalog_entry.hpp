#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace mcpgw::catalog {

/// A value the user supplies when installing an entry: an environment variable of a local
/// server, or an HTTP header of a remote one. In a catalog file:
///   {name, description, secret: bool, required: bool, default?: string}
struct CatalogInput {
  std::string name;
  std::string description;
  bool secret = false;
  bool required = false;
  std::optional<std::string> default_value;
};

/// One MCP server of the catalog. The fields up to `is_available` are ContextForge's
/// (mcp-catalog.yml), so its catalog files load unchanged; the rest are ours. A remote server
/// has `url` (with `transport` and `auth_type`); a local one has `command`, a stdio command line
/// the gateway runs ("npx -y @scope/pkg", "uvx pkg"), in which "${NAME}" stands for the value of
/// the entry's env variable NAME at install time. Empty strings mean "not given".
struct CatalogEntry {
  std::string id;  // letters, digits, '.', '_' and '-'
  std::string name;
  std::string category;
  std::string url;
  std::string auth_type;  // ContextForge's words: "Open", "API Key", "OAuth2.1", "OAuth", ...
  std::string provider;
  std::string description;
  bool requires_api_key = false;
  bool secure = false;
  std::vector<std::string> tags;
  std::string transport;  // "SSE", "STREAMABLEHTTP" or "WEBSOCKET"; "" = guessed from the url
  std::string logo_url;
  std::string documentation_url;
  std::string repo;
  std::string install;  // ContextForge's how-to-install hint; shown, never run
  bool is_available = true;

  std::string homepage;
  std::string command;
  std::vector<CatalogInput> env;
  std::vector<CatalogInput> headers;  // remote: headers sent on every request
};

/// One problem with an entry's JSON: `pointer` is a JSON pointer below the entry ("/tags/2";
/// "" for the entry itself).
struct EntryProblem {
  std::string pointer;
  std::string message;
};

/// Reads one entry, collecting every problem instead of stopping at the first: unknown keys
/// (with a did-you-mean), values of the wrong type, a missing id or name, a malformed id, url or
/// env name, an entry with neither url nor command or with both, and "${NAME}" in the command
/// for an undeclared NAME. null for an optional field means "not given". The entry is complete
/// only when `problems` gained nothing. Pure.
CatalogEntry entry_from_json(const nlohmann::json& j, std::vector<EntryProblem>& problems);

/// The entry as ContextForge's CatalogServer shows it (every one of its fields, null for absent
/// optional ones, without the is_registered family), plus ours when given. entry_from_json reads
/// it back unchanged.
nlohmann::json entry_to_json(const CatalogEntry& e);

/// The entry's transport, or the one ContextForge guesses from its url when none is given:
/// ws:// or wss:// → WEBSOCKET, a path ending in /sse or holding /sse/ → SSE, one holding /mcp
/// or ending in '/' → STREAMABLEHTTP, else SSE. "STDIO" for a local entry.
std::string effective_transport(const CatalogEntry& e);

/// The names "${NAME}" refers to in a command line, in order of appearance.
std::vector<std::string> command_placeholders(const std::string& command);

}  // namespace mcpgw::catalog
