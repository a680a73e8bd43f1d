#include "core/gateway/catalog_view.hpp"

#include <algorithm>

namespace mcpgw::gateway {

CatalogView::CatalogView(std::vector<store::Gateway> gateways, std::vector<store::Tool> tools,
                         std::vector<store::Resource> resources, std::vector<store::ResourceTemplate> templates,
                         std::vector<store::Prompt> prompts, std::vector<store::Server> servers,
                         std::unordered_set<std::string> down_gateways)
    : gateways_(std::move(gateways)),
      tools_(std::move(tools)),
      resources_(std::move(resources)),
      templates_(std::move(templates)),
      prompts_(std::move(prompts)),
      servers_(std::move(servers)),
      down_(std::move(down_gateways)) {
  for (std::size_t i = 0; i < gateways_.size(); ++i) gateway_index_[gateways_[i].id] = i;
  for (std::size_t i = 0; i < servers_.size(); ++i) server_index_[servers_[i].id] = i;
  for (std::size_t i = 0; i < tools_.size(); ++i) {
    tool_by_name_[tools_[i].name] = i;
    tool_by_id_[tools_[i].id] = i;
  }
  for (std::size_t i = 0; i < prompts_.size(); ++i) {
    prompt_by_name_[prompts_[i].name] = i;
    prompt_by_id_[prompts_[i].id] = i;
  }
  for (std::size_t i = 0; i < resources_.size(); ++i) {
    resource_by_id_[resources_[i].id] = i;
    resource_by_uri_.emplace(resources_[i].uri, i);
  }
  for (std::size_t i = 0; i < templates_.size(); ++i) template_by_uri_.emplace(templates_[i].uri_template, i);
}

std::shared_ptr<const CatalogView> CatalogView::with_down(std::unordered_set<std::string> down_gateways) const {
  return std::make_shared<const CatalogView>(gateways_, tools_, resources_, templates_, prompts_, servers_,
                                             std::move(down_gateways));
}

const store::Gateway* CatalogView::gateway(const std::string& id) const {
  auto it = gateway_index_.find(id);
  return it == gateway_index_.end() ? nullptr : &gateways_[it->second];
}

bool CatalogView::has_catalog(const std::string& gateway_id) const {
  auto of_gateway = [&gateway_id](const auto& r) { return r.gateway_id == gateway_id; };
  return std::any_of(tools_.begin(), tools_.end(), of_gateway) ||
         std::any_of(resources_.begin(), resources_.end(), of_gateway) ||
         std::any_of(templates_.begin(), templates_.end(), of_gateway) ||
         std::any_of(prompts_.begin(), prompts_.end(), of_gateway);
}

const store::Server* CatalogView::server(const std::string& id) const {
  auto it = server_index_.find(id);
  return it == server_index_.end() ? nullptr : &servers_[it->second];
}

bool CatalogView::gateway_live(const std::string& gateway_id) const {
  if (gateway_id.empty()) return true;
  const store::Gateway* g = gateway(gateway_id);
  return g && g->enabled && !down_.count(gateway_id);
}

bool CatalogView::in_scope(const std::vector<std::string>& ids, const std::string& id) const {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

namespace {
/// Records of `all` a client of the scope may use: the server's chosen ids in its order, or
/// every record when the scope is the whole gateway.
template <class R, class Live>
std::vector<const R*> select(const std::vector<R>& all, const std::unordered_map<std::string, std::size_t>& by_id,
                             const store::Server* server, const std::vector<std::string>* chosen, Live live) {
  std::vector<const R*> out;
  if (!server) {
    for (const auto& r : all)
      if (r.enabled && live(r.gateway_id)) out.push_back(&r);
    return out;
  }
  for (const auto& id : *chosen) {
    auto it = by_id.find(id);
    if (it == by_id.end()) continue;
    const R& r = all[it->second];
    if (r.enabled && live(r.gateway_id)) out.push_back(&r);
  }
  return out;
}
}  // namespace

std::vector<const store::Tool*> CatalogView::tools(const std::string& server_id) const {
  const store::Server* s = server_id.empty() ? nullptr : server(server_id);
  if (!server_id.empty() && !s) return {};
  return select(tools_, tool_by_id_, s, s ? &s->tool_ids : nullptr, [this](const std::string& g) { return gateway_live(g); });
}

std::vector<const store::Resource*> CatalogView::resources(const std::string& server_id) const {
  const store::Server* s = server_id.empty() ? nullptr : server(server_id);
  if (!server_id.empty() && !s) return {};
  return select(resources_, resource_by_id_, s, s ? &s->resource_ids : nullptr,
                [this](const std::string& g) { return gateway_live(g); });
}

std::vector<const store::ResourceTemplate*> CatalogView::templates(const std::string& server_id) const {
  // Templates belong to a gateway, not to a server's list: a server offers the templates of
  // the gateways whose resources or tools it includes.
  const store::Server* s = server_id.empty() ? nullptr : server(server_id);
  if (!server_id.empty() && !s) return {};
  std::unordered_set<std::string> gateways;
  if (s) {
    for (const auto* r : resources(server_id)) gateways.insert(r->gateway_id);
  }
  std::vector<const store::ResourceTemplate*> out;
  for (const auto& t : templates_) {
    if (!t.enabled || !gateway_live(t.gateway_id)) continue;
    if (s && !gateways.count(t.gateway_id)) continue;
    out.push_back(&t);
  }
  return out;
}

std::vector<const store::Prompt*> CatalogView::prompts(const std::string& server_id) const {
  const store::Server* s = server_id.empty() ? nullptr : server(server_id);
  if (!server_id.empty() && !s) return {};
  return select(prompts_, prompt_by_id_, s, s ? &s->prompt_ids : nullptr, [this](const std::string& g) { return gateway_live(g); });
}

const store::Tool* CatalogView::tool(const std::string& server_id, const std::string& name) const {
  auto it = tool_by_name_.find(name);
  if (it == tool_by_name_.end()) return nullptr;
  const store::Tool& t = tools_[it->second];
  if (!t.enabled || !gateway_live(t.gateway_id)) return nullptr;
  if (server_id.empty()) return &t;
  const store::Server* s = server(server_id);
  return s && in_scope(s->tool_ids, t.id) ? &t : nullptr;
}

namespace {
template <class R>
const R* find_in(const std::unordered_map<std::string, std::size_t>& index, const std::vector<R>& all,
                 const std::string& key) {
  auto it = index.find(key);
  return it == index.end() ? nullptr : &all[it->second];
}
}  // namespace

const store::Tool* CatalogView::tool_named(const std::string& name) const {
  return find_in(tool_by_name_, tools_, name);
}
const store::Prompt* CatalogView::prompt_named(const std::string& name) const {
  return find_in(prompt_by_name_, prompts_, name);
}
const store::Resource* CatalogView::resource_with_uri(const std::string& uri) const {
  return find_in(resource_by_uri_, resources_, uri);
}
const store::ResourceTemplate* CatalogView::template_with_uri(const std::string& uri_template) const {
  return find_in(template_by_uri_, templates_, uri_template);
}

const store::Tool* CatalogView::tool_of_down_gateway(const std::string& server_id, const std::string& name) const {
  const store::Tool* found = tool_named(name);
  if (!found) return nullptr;
  const store::Tool& t = *found;
  const store::Gateway* g = gateway(t.gateway_id);
  if (!t.enabled || !g || !g->enabled || !is_down(g->id)) return nullptr;
  if (server_id.empty()) return &t;
  const store::Server* s = server(server_id);
  return s && in_scope(s->tool_ids, t.id) ? &t : nullptr;
}

const store::Prompt* CatalogView::prompt(const std::string& server_id, const std::string& name) const {
  auto it = prompt_by_name_.find(name);
  if (it == prompt_by_name_.end()) return nullptr;
  const store::Prompt& p = prompts_[it->second];
  if (!p.enabled || !gateway_live(p.gateway_id)) return nullptr;
  if (server_id.empty()) return &p;
  const store::Server* s = server(server_id);
  return s && in_scope(s->prompt_ids, p.id) ? &p : nullptr;
}

std::vector<std::string> CatalogView::resource_owners(const std::string& server_id, const std::string& uri) const {
  std::vector<std::string> owners;
  auto add = [&owners](const std::string& gateway_id) {
    if (std::find(owners.begin(), owners.end(), gateway_id) == owners.end()) owners.push_back(gateway_id);
  };
  for (const auto* r : resources(server_id))
    if (r->uri == uri) add(r->gateway_id);
  if (!owners.empty()) return owners;
  std::size_t best = 0;
  for (const auto* t : templates(server_id)) {
    std::string_view literal(t->uri_template);
    literal = literal.substr(0, literal.find('{'));
    if (!uri.starts_with(literal) || literal.size() < best) continue;
    if (literal.size() > best) owners.clear();
    best = literal.size();
    add(t->gateway_id);
  }
  return owners;
}

}  // namespace mcpgw::gateway
