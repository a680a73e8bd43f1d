#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/store/records.hpp"

namespace mcpgw::gateway {

/// What the MCP endpoints serve, as one immutable snapshot: every record of the store plus
/// which gateways are down right now. Rebuilt whole after each change and swapped in, so the
/// hot path (tools/call, tools/list) reads it without locks or store round trips.
class CatalogView {
 public:
  CatalogView() = default;
  CatalogView(std::vector<store::Gateway> gateways, std::vector<store::Tool> tools,
              std::vector<store::Resource> resources, std::vector<store::ResourceTemplate> templates,
              std::vector<store::Prompt> prompts, std::vector<store::Server> servers,
              std::unordered_set<std::string> down_gateways);

  /// The same records with another set of unreachable gateways.
  std::shared_ptr<const CatalogView> with_down(std::unordered_set<std::string> down_gateways) const;

  const std::vector<store::Gateway>& gateways() const { return gateways_; }
  const std::vector<store::Server>& servers() const { return servers_; }
  // Every record, whatever its state (the REST API resolves names against these).
  const std::vector<store::Tool>& all_tools() const { return tools_; }
  const std::vector<store::Resource>& all_resources() const { return resources_; }
  const std::vector<store::ResourceTemplate>& all_templates() const { return templates_; }
  const std::vector<store::Prompt>& all_prompts() const { return prompts_; }
  /// The tool with that exposed name, whatever its state; nullptr if none.
  const store::Tool* tool_named(const std::string& name) const;
  /// The first record with that exposed name or URI, whatever its state; nullptr if none.
  const store::Prompt* prompt_named(const std::string& name) const;
  const store::Resource* resource_with_uri(const std::string& uri) const;
  const store::ResourceTemplate* template_with_uri(const std::string& uri_template) const;

  const store::Gateway* gateway(const std::string& id) const;
  /// Whether any tool, resource, template or prompt of the gateway is stored (a scan).
  bool has_catalog(const std::string& gateway_id) const;
  const store::Server* server(const std::string& id) const;
  /// Whether records of this gateway are served: it exists, is enabled and is up. Records
  /// with no gateway always are.
  bool gateway_live(const std::string& gateway_id) const;
  bool is_down(const std::string& gateway_id) const { return down_.count(gateway_id) != 0; }

  /// What a client of `server_id` ("" = the gateway as a whole) may see and use, in order.
  std::vector<const store::Tool*> tools(const std::string& server_id) const;
  std::vector<const store::Resource*> resources(const std::string& server_id) const;
  std::vector<const store::ResourceTemplate*> templates(const std::string& server_id) const;
  std::vector<const store::Prompt*> prompts(const std::string& server_id) const;

  /// The tool `tool()` would find if its gateway were up (for error messages); nullptr when
  /// it is unknown, disabled or out of scope.
  const store::Tool* tool_of_down_gateway(const std::string& server_id, const std::string& name) const;
  /// Lookups within the scope; nullptr when absent, disabled or not served.
  const store::Tool* tool(const std::string& server_id, const std::string& name) const;
  const store::Prompt* prompt(const std::string& server_id, const std::string& name) const;
  /// The gateways that serve `uri` in the scope: those listing a resource with that URI, else
  /// those whose resource template has the longest literal prefix of `uri`. Empty when none;
  /// more than one when gateways share the URI (the caller refuses to guess: a virtual server
  /// that includes one of them is where such a URI is read).
  std::vector<std::string> resource_owners(const std::string& server_id, const std::string& uri) const;

  /// Serialized list results, computed once per view (the view never changes, so neither do
  /// they): key → the JSON text of a `result`. Used from the network thread only.
  std::string* cached_list(const std::string& key) const {
    auto it = list_cache_.find(key);
    return it == list_cache_.end() ? nullptr : &it->second;
  }
  void cache_list(std::string key, std::string text) const {
    if (list_cache_.size() < kListCacheEntries) list_cache_.emplace(std::move(key), std::move(text));
  }
  static constexpr std::size_t kListCacheEntries = 4096;

 private:
  bool in_scope(const std::vector<std::string>& ids, const std::string& id) const;

  std::vector<store::Gateway> gateways_;
  std::vector<store::Tool> tools_;
  std::vector<store::Resource> resources_;
  std::vector<store::ResourceTemplate> templates_;
  std::vector<store::Prompt> prompts_;
  std::vector<store::Server> servers_;
  std::unordered_set<std::string> down_;
  std::unordered_map<std::string, std::size_t> gateway_index_;
  std::unordered_map<std::string, std::size_t> server_index_;
  std::unordered_map<std::string, std::size_t> tool_by_name_;
  std::unordered_map<std::string, std::size_t> prompt_by_name_;
  std::unordered_map<std::string, std::size_t> tool_by_id_;
  std::unordered_map<std::string, std::size_t> resource_by_id_;
  std::unordered_map<std::string, std::size_t> resource_by_uri_;
  std::unordered_map<std::string, std::size_t> template_by_uri_;
  std::unordered_map<std::string, std::size_t> prompt_by_id_;
  mutable std::unordered_map<std::string, std::string> list_cache_;
};

}  // namespace mcpgw::gateway
