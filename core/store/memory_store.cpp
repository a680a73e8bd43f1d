#include "core/store/memory_store.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "core/error.hpp"
#include "core/store/catalog_refresh.hpp"
#include "core/store/cursor.hpp"
#include "core/store/record_id.hpp"
#include "core/store/record_traits.hpp"

namespace mcpgw::store {
namespace {

// The records of one kind by creation sequence number, which orders the listings.
template <class R>
struct Rows {
  std::map<std::int64_t, R> by_seq;
  std::int64_t next_seq = 1;

  R* find(std::string_view id) {
    for (auto& [seq, r] : by_seq) {
      if (r.id == id) return &r;
    }
    return nullptr;
  }
};

// Everything the store holds; copied whole to make replace_catalog all-or-nothing.
struct Data {
  std::tuple<Rows<Gateway>, Rows<Tool>, Rows<Resource>, Rows<ResourceTemplate>, Rows<Prompt>,
             Rows<Server>>
      rows;
  std::map<std::string, RevokedToken, std::less<>> revoked;

  template <class R>
  Rows<R>& of() {
    return std::get<Rows<R>>(rows);
  }
};

template <class R>
bool exists(Data& data, std::string_view id) {
  return data.of<R>().find(id) != nullptr;
}

template <class R>
bool all_exist(Data& data, const std::vector<std::string>& ids) {
  return std::all_of(ids.begin(), ids.end(), [&](const auto& id) { return exists<R>(data, id); });
}

// Whether everything `r` refers to is stored.
template <class R>
bool references_resolve(Data& data, const R& r) {
  if constexpr (std::is_same_v<R, Server>) {
    return all_exist<Tool>(data, r.tool_ids) && all_exist<Resource>(data, r.resource_ids) &&
           all_exist<Prompt>(data, r.prompt_ids);
  } else {
    return gateway_id_of(r).empty() || exists<Gateway>(data, gateway_id_of(r));
  }
}

// Whether another record of the kind already holds one of `r`'s unique values.
template <class R>
bool conflicts(Data& data, const R& r) {
  auto keys = RecordTraits<R>::unique_keys(r);
  for (const auto& [seq, other] : data.of<R>().by_seq) {
    if (other.id == r.id) continue;
    for (const auto& key : RecordTraits<R>::unique_keys(other)) {
      if (std::find(keys.begin(), keys.end(), key) != keys.end()) return true;
    }
  }
  return false;
}

template <class R>
void erase(Data& data, std::string_view id);

// Removes every record of kind R that came from gateway `gateway_id`.
template <class R>
void erase_of_gateway(Data& data, const std::string& gateway_id) {
  std::vector<std::string> ids;
  for (const auto& [seq, r] : data.of<R>().by_seq) {
    if (r.gateway_id == gateway_id) ids.push_back(r.id);
  }
  for (const auto& id : ids) erase<R>(data, id);
}

// Removes what depends on `r`, which is being removed.
template <class R>
void cascade(Data& data, const R& r) {
  auto drop_from_servers = [&](std::vector<std::string> Server::*ids) {
    for (auto& [seq, server] : data.of<Server>().by_seq) std::erase(server.*ids, r.id);
  };
  if constexpr (std::is_same_v<R, Gateway>) {
    erase_of_gateway<Tool>(data, r.id);
    erase_of_gateway<Resource>(data, r.id);
    erase_of_gateway<ResourceTemplate>(data, r.id);
    erase_of_gateway<Prompt>(data, r.id);
  } else if constexpr (std::is_same_v<R, Tool>) {
    drop_from_servers(&Server::tool_ids);
  } else if constexpr (std::is_same_v<R, Resource>) {
    drop_from_servers(&Server::resource_ids);
  } else if constexpr (std::is_same_v<R, Prompt>) {
    drop_from_servers(&Server::prompt_ids);
  }
}

template <class R>
void erase(Data& data, std::string_view id) {
  auto& rows = data.of<R>().by_seq;
  auto it =
      std::find_if(rows.begin(), rows.end(), [&](const auto& e) { return e.second.id == id; });
  if (it == rows.end()) return;
  R removed = std::move(it->second);
  rows.erase(it);
  cascade(data, removed);
}

template <class R>
bool matches(const R& r, const ListQuery& q) {
  if (!q.include_inactive && !r.enabled) return false;
  if constexpr (requires { r.gateway_id; }) {
    if (!q.gateway_id.empty() && r.gateway_id != q.gateway_id) return false;
  }
  if (q.tags.empty()) return true;
  return std::any_of(q.tags.begin(), q.tags.end(), [&](const auto& tag) {
    return std::find(r.tags.begin(), r.tags.end(), tag) != r.tags.end();
  });
}

template <class R>
class MemoryCollection final : public Collection<R> {
 public:
  explicit MemoryCollection(Data& data) : data_(data) {}

  Result<R> create(R r) override {
    if (r.id.empty()) r.id = new_record_id();
    if (exists<R>(data_, r.id)) return make_error_code(Errc::record_conflict);
    normalize(r);
    if (auto ec = check(r)) return ec;
    r.created_at = r.updated_at = current_time();
    auto& rows = data_.of<R>();
    rows.by_seq.emplace(rows.next_seq++, r);
    return r;
  }

  Result<R> get(std::string_view id) override {
    if (R* r = data_.of<R>().find(id)) return *r;
    return make_error_code(Errc::record_not_found);
  }

  Result<R> update(R r) override {
    R* stored = data_.of<R>().find(r.id);
    if (!stored) return make_error_code(Errc::record_not_found);
    normalize(r);
    if (auto ec = check(r)) return ec;
    r.created_at = stored->created_at;
    r.updated_at = std::max(current_time(), stored->updated_at);
    *stored = r;
    return r;
  }

  Result<void> remove(std::string_view id) override {
    if (!exists<R>(data_, id)) return make_error_code(Errc::record_not_found);
    erase<R>(data_, id);
    return {};
  }

  Result<Page<R>> list(const ListQuery& query) override {
    auto after = resume_after(RecordTraits<R>::kKind, query.cursor);
    if (!after) return make_error_code(Errc::invalid_cursor);
    std::size_t limit = page_size(query);
    Page<R> page;
    const auto& rows = data_.of<R>().by_seq;
    for (auto it = rows.upper_bound(*after); it != rows.end(); ++it) {
      if (!matches(it->second, query)) continue;
      if (page.items.size() == limit) {
        page.next_cursor = encode_cursor(RecordTraits<R>::kKind, std::prev(it)->first);
        break;
      }
      page.items.push_back(it->second);
    }
    return page;
  }

 private:
  boost::system::error_code check(const R& r) {
    if (conflicts(data_, r)) return make_error_code(Errc::record_conflict);
    if (!references_resolve(data_, r)) return make_error_code(Errc::dangling_reference);
    return {};
  }

  Data& data_;
};

}  // namespace

struct MemoryStore::State {
  Data data;
  MemoryCollection<Gateway> gateways{data};
  MemoryCollection<Tool> tools{data};
  MemoryCollection<Resource> resources{data};
  MemoryCollection<ResourceTemplate> resource_templates{data};
  MemoryCollection<Prompt> prompts{data};
  MemoryCollection<Server> servers{data};
};

MemoryStore::MemoryStore() : state_(std::make_unique<State>()) {}
MemoryStore::~MemoryStore() = default;

Collection<Gateway>& MemoryStore::gateways() { return state_->gateways; }
Collection<Tool>& MemoryStore::tools() { return state_->tools; }
Collection<Resource>& MemoryStore::resources() { return state_->resources; }
Collection<ResourceTemplate>& MemoryStore::resource_templates() {
  return state_->resource_templates;
}
Collection<Prompt>& MemoryStore::prompts() { return state_->prompts; }
Collection<Server>& MemoryStore::servers() { return state_->servers; }

template <class F>
std::invoke_result_t<F&> MemoryStore::all_or_nothing(F f) {
  Data snapshot = state_->data;
  auto result = f();
  if (!result) state_->data = std::move(snapshot);
  return result;
}

Result<Catalog> MemoryStore::replace_catalog(std::string_view gateway_id, Catalog catalog) {
  return all_or_nothing([&] { return refresh_catalog(*this, gateway_id, std::move(catalog)); });
}

Result<Gateway> MemoryStore::register_gateway(Gateway gateway, Catalog& catalog) {
  return all_or_nothing([&] { return create_with_catalog(*this, std::move(gateway), catalog); });
}

Result<Gateway> MemoryStore::update_gateway(Gateway gateway, Catalog* catalog) {
  return all_or_nothing([&] { return update_with_catalog(*this, std::move(gateway), catalog); });
}

Result<void> MemoryStore::atomically(const std::function<Result<void>(Store&)>& steps) {
  return all_or_nothing([&] { return steps(*this); });
}

Result<void> MemoryStore::revoke_token(RevokedToken token) {
  token.revoked_at = current_time();
  std::string jti = token.jti;
  state_->data.revoked.emplace(std::move(jti), std::move(token));
  return {};
}

Result<bool> MemoryStore::is_token_revoked(std::string_view jti) {
  return state_->data.revoked.find(jti) != state_->data.revoked.end();
}

Result<std::vector<std::string>> MemoryStore::revoked_jtis() {
  std::vector<std::string> out;
  for (const auto& [jti, token] : state_->data.revoked) out.push_back(jti);
  return out;
}

Result<std::size_t> MemoryStore::purge_revocations(Timestamp now) {
  return std::erase_if(state_->data.revoked, [&](const auto& entry) {
    return entry.second.expires_at && *entry.second.expires_at < now;
  });
}

}  // namespace mcpgw::store
