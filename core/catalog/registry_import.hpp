#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/catalog/catalog_entry.hpp"

namespace mcpgw::catalog {

/// What an import made: the entries, and one line for each server it could not convert
/// ("io.github.x/y: why"), so none is dropped silently.
struct RegistryImport {
  std::vector<CatalogEntry> entries;
  std::vector<std::string> problems;
};

/// Converts documents of the official MCP Registry (server.json, schema 2025-12-11) into
/// catalog entries. `doc` is one server.json, a list of them, or a page of the registry's API
/// ({"servers": [{"server": {...}, "_meta": {...}}, ...], "metadata": {...}}).
///
/// Per server: a `remotes[]` entry is preferred (streamable-http over sse; {variables} in its
/// URL take their defaults), with its headers as the entry's headers, an "Authorization:
/// Bearer {...}" header becoming auth_type "API Key"; otherwise the first stdio package from
/// npm ("npx -y name@version") or PyPI ("uvx name==version") with its fixed arguments, its
/// environmentVariables becoming the entry's env. The id is the server name with '/' made '-',
/// the name its title (or the part after '/'), the provider its namespace
/// ("io.github.acme" → "acme", "com.stripe" → "stripe.com"). Pure.
RegistryImport import_registry(const nlohmann::json& doc);

}  // namespace mcpgw::catalog
