#include "core/gateway/server_card.hpp"

#include <algorithm>

#include "core/protocol/revision.hpp"
#include "core/store/slug.hpp"

namespace mcpgw::gateway {

using nlohmann::json;

namespace {

/// "gw.example.com:4444" -> "com.example.gw"; addresses and odd names stay as they are, cut to
/// the characters a card name's namespace may hold.
std::string card_namespace(std::string_view host) {
  if (host.starts_with('[')) host = host.substr(0, host.find(']') + 1);
  else if (auto colon = host.rfind(':'); colon != std::string_view::npos) host = host.substr(0, colon);
  std::string clean;
  for (char c : host)
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-') clean += c;
  if (clean.empty()) return "localhost";
  const bool numeric = std::all_of(clean.begin(), clean.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '.'; });
  if (numeric || clean.find('.') == std::string::npos) return clean;
  std::string reversed;
  std::string_view rest = clean;
  while (!rest.empty()) {
    auto dot = rest.rfind('.');
    std::string_view label = dot == std::string_view::npos ? rest : rest.substr(dot + 1);
    if (!label.empty()) {
      if (!reversed.empty()) reversed += '.';
      reversed += label;
    }
    rest = dot == std::string_view::npos ? std::string_view() : rest.substr(0, dot);
  }
  return reversed;
}

/// At most `limit` bytes, not cutting a UTF-8 character.
std::string cut(std::string text, std::size_t limit) {
  if (text.size() <= limit) return text;
  std::size_t at = limit;
  while (at > 0 && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) --at;
  text.resize(at);
  return text;
}

}  // namespace

json server_card(const store::Server* server, const std::string& base_url, std::string_view host, bool auth_required) {
  const std::string prefix = base_url + (server ? "/servers/" + server->id : std::string());
  json versions = json::array();
  for (auto r : protocol::kRevisions) versions.push_back(r);
  json headers = json::array();
  if (auth_required)
    headers.push_back({{"name", "Authorization"},
                       {"description", "Bearer token the gateway accepts (mcpgw token)"},
                       {"isRequired", true},
                       {"isSecret", true}});
  auto remote = [&](const char* type, const std::string& url) {
    json r = {{"type", type}, {"url", url}, {"supportedProtocolVersions", versions}};
    if (!headers.empty()) r["headers"] = headers;
    return r;
  };
  std::string slug = server ? store::slugify(server->name) : "gateway";
  std::string name = card_namespace(host) + "/" + (slug.empty() ? server->id : slug);
  std::string description = server && !server->description.empty()
                                ? server->description
                                : server ? "Virtual server " + server->name + " of an MCP gateway"
                                         : "MCP gateway: every tool, resource and prompt it federates";
  json card = {{"$schema", "https://static.modelcontextprotocol.io/schemas/v2/server-card.schema.json"},
               {"name", cut(std::move(name), 200)},
               {"version", MCPGW_VERSION},
               {"description", cut(std::move(description), 100)},
               {"title", cut(server ? server->name : std::string("mcpgw"), 100)},
               {"remotes", json::array({remote("streamable-http", prefix + "/mcp"), remote("sse", prefix + "/sse")})}};
  if (server) card["_meta"] = {{"io.mcpgw/server", {{"id", server->id}}}};
  return card;
}

}  // namespace mcpgw::gateway
