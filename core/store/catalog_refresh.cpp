#include "core/store/catalog_refresh.hpp"

#include "core/error.hpp"
#include "core/store/record_traits.hpp"

namespace mcpgw::store {
namespace {

// Every stored record of gateway `gateway_id`, disabled ones too.
template <class R>
Result<std::vector<R>> all_of_gateway(Collection<R>& collection, std::string_view gateway_id) {
  std::vector<R> out;
  ListQuery query;
  query.gateway_id = gateway_id;
  query.include_inactive = true;
  query.limit = kMaxPageSize;
  do {
    auto page = collection.list(query);
    if (!page) return page.error();
    for (auto& r : page->items) out.push_back(std::move(r));
    query.cursor = page->next_cursor;
  } while (!query.cursor.empty());
  return out;
}

// Each incoming record that matches a stored one by catalog_key takes over its id,
// created_at, enabled and tags; the rest get no id yet. Returns the ids nothing matched.
template <class R>
std::vector<std::string> merge(std::string_view gateway_id, std::vector<R>& incoming,
                               std::vector<R> stored) {
  for (R& r : incoming) {
    r.gateway_id = gateway_id;
    r.id.clear();
    for (R& old : stored) {
      if (!old.id.empty() && RecordTraits<R>::catalog_key(old) == RecordTraits<R>::catalog_key(r)) {
        r.id = std::move(old.id);
        r.created_at = old.created_at;
        r.enabled = old.enabled;
        r.tags = std::move(old.tags);
        old.id.clear();  // matched once only
        break;
      }
    }
  }
  std::vector<std::string> removed;
  for (R& old : stored) {
    if (!old.id.empty()) removed.push_back(std::move(old.id));
  }
  return removed;
}

// Replaces one kind of the gateway's catalog; `incoming` comes back as stored.
template <class R>
Result<void> refresh(Collection<R>& collection, std::string_view gateway_id,
                     std::vector<R>& incoming) {
  auto stored = all_of_gateway(collection, gateway_id);
  if (!stored) return stored.error();
  for (const auto& id : merge(gateway_id, incoming, std::move(*stored))) {
    if (auto removed = collection.remove(id); !removed) return removed.error();
  }
  for (bool updating : {true, false}) {
    for (R& r : incoming) {
      if (r.id.empty() == updating) continue;
      auto written = updating ? collection.update(std::move(r)) : collection.create(std::move(r));
      if (!written) return written.error();
      r = std::move(*written);
    }
  }
  return {};
}

}  // namespace

Result<Catalog> refresh_catalog(Store& store, std::string_view gateway_id, Catalog catalog) {
  if (auto gateway = store.gateways().get(gateway_id); !gateway) return gateway.error();
  Result<void> done = refresh(store.tools(), gateway_id, catalog.tools);
  if (done) done = refresh(store.resources(), gateway_id, catalog.resources);
  if (done) done = refresh(store.resource_templates(), gateway_id, catalog.resource_templates);
  if (done) done = refresh(store.prompts(), gateway_id, catalog.prompts);
  if (!done) return done.error();
  return catalog;
}

Result<Gateway> create_with_catalog(Store& store, Gateway gateway, Catalog& catalog) {
  auto created = store.gateways().create(std::move(gateway));
  if (!created) return created.error();
  auto stored = refresh_catalog(store, created->id, std::move(catalog));
  if (!stored) return stored.error();
  catalog = std::move(*stored);
  return created;
}

Result<Gateway> update_with_catalog(Store& store, Gateway gateway, Catalog* catalog) {
  auto updated = store.gateways().update(std::move(gateway));
  if (!updated || !catalog) return updated;
  auto stored = refresh_catalog(store, updated->id, std::move(*catalog));
  if (!stored) return stored.error();
  *catalog = std::move(*stored);
  return updated;
}

}  // namespace mcpgw::store
