#include "core/gateway/federation.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>

#include "core/async/signal.hpp"
#include "core/async/task_failure.hpp"
#include "core/error.hpp"
#include "core/gateway/discovery.hpp"
#include "core/jsonrpc/failure.hpp"
#include "core/log/logger.hpp"
#include "core/store/record_id.hpp"
#include "core/store/slug.hpp"

namespace mcpgw::gateway {

using jsonrpc::Json;

namespace {

/// Every record of a collection, page by page.
template <class R>
store::Result<std::vector<R>> load_all(store::Collection<R>& collection) {
  std::vector<R> out;
  store::ListQuery query;
  query.include_inactive = true;
  query.limit = store::kMaxPageSize;
  for (;;) {
    auto page = collection.list(query);
    if (!page) return page.error();
    for (auto& r : page->items) out.push_back(std::move(r));
    if (page->next_cursor.empty()) return out;
    query.cursor = page->next_cursor;
  }
}

struct Everything {
  std::vector<store::Gateway> gateways;
  std::vector<store::Tool> tools;
  std::vector<store::Resource> resources;
  std::vector<store::ResourceTemplate> templates;
  std::vector<store::Prompt> prompts;
  std::vector<store::Server> servers;
  error_code ec;
};

Everything load_everything(store::Store& s) {
  Everything e;
  auto take = [&e](auto result, auto& into) {
    if (!result) e.ec = result.error();
    else into = std::move(*result);
  };
  take(load_all(s.gateways()), e.gateways);
  take(load_all(s.tools()), e.tools);
  take(load_all(s.resources()), e.resources);
  take(load_all(s.resource_templates()), e.templates);
  take(load_all(s.prompts()), e.prompts);
  take(load_all(s.servers()), e.servers);
  return e;
}

OpError store_error(error_code ec, const std::string& what) {
  if (ec == make_error_code(Errc::record_not_found)) return {404, what + " not found"};
  if (ec == make_error_code(Errc::record_conflict)) return {409, what + " conflicts with an existing record (the name is taken)"};
  if (ec == make_error_code(Errc::dangling_reference)) return {400, what + " refers to a record that does not exist"};
  return {500, "database error: " + ec.message()};
}

std::string served_by(const CatalogView& view, const std::string& gateway_id) {
  if (gateway_id.empty()) return "a record registered directly";
  const store::Gateway* g = view.gateway(gateway_id);
  return "gateway '" + (g ? g->name : gateway_id) + "'";
}

/// Whether another gateway (or a record registered directly) already serves an exposed tool or
/// prompt name of `catalog`: the 409 message naming both, or "".
std::string catalog_clash(const CatalogView& view, const store::Gateway& g, const store::Catalog& catalog) {
  auto clash = [&](const char* what, const std::string& name, const auto* other) -> std::string {
    if (!other || other->gateway_id == g.id) return {};
    return std::string(what) + " '" + name + "' of gateway '" + g.name + "' is already served by " +
           served_by(view, other->gateway_id) + " (give the gateway another tool_prefix)";
  };
  for (const auto& t : catalog.tools)
    if (auto m = clash("tool name", t.name, view.tool_named(t.name)); !m.empty()) return m;
  for (const auto& p : catalog.prompts)
    if (auto m = clash("prompt name", p.name, view.prompt_named(p.name)); !m.empty()) return m;
  return {};
}

}  // namespace

Federation::Federation(const asio::any_io_executor& ex, StoreWorker& store, store::SecretBox secrets,
                       FederationOptions options)
    : ex_(ex),
      store_(store),
      secrets_(std::move(secrets)),
      options_(std::move(options)),
      rest_tools_(ex, options_.destinations, options_.tool_timeout, options_.guard.retry),
      guard_(ex, options_.guard) {}

awaitable<void> Federation::start() {
  co_await reload(0);
  for (const auto& g : view_->gateways()) {
    if (!g.enabled) continue;
    // Settings may have narrowed since a stdio gateway was stored: it is not run, only reported.
    if (std::string why = g.transport == "STDIO" ? options_.stdio.refuse(g.command) + refuse_env(g.env) : "";
        !why.empty()) {
      set_down(g.id, true, why);
      continue;
    }
    auto up = make_upstream(g);
    upstreams_[g.id] = up;
    asio::co_spawn(ex_, watch_upstream(up), async::log_task_failure);
    asio::co_spawn(ex_, connect_in_background(up), async::log_task_failure);
  }
}

std::shared_ptr<Upstream> Federation::make_upstream(const store::Gateway& gateway) {
  return std::make_shared<Upstream>(ex_, gateway, credentials(gateway), upstream_limits());
}

UpstreamLimits Federation::upstream_limits() const {
  UpstreamLimits limits;
  limits.connect_timeout = std::min(options_.federation_timeout, std::chrono::seconds(30));
  limits.initialize_timeout = options_.federation_timeout;
  limits.destinations = options_.destinations;
  return limits;
}

std::shared_ptr<Upstream> Federation::upstream(const std::string& gateway_id) const {
  auto it = upstreams_.find(gateway_id);
  return it == upstreams_.end() ? nullptr : it->second;
}

std::string Federation::gateway_problem(const std::string& gateway_id) const {
  if (!down_.count(gateway_id)) return {};
  auto it = health_.find(gateway_id);
  return it == health_.end() ? std::string("unreachable") : it->second.problem;
}

HeaderPairs Federation::open_credentials(const std::string& sealed, const std::string& context,
                                         const std::string& whose) const {
  HeaderPairs out;
  if (sealed.empty()) return out;
  auto plain = secrets_.open(sealed, context);
  if (!plain) {
    MCPGW_LOG(warn, "credentials_unreadable",
              whose << " reason=\"AUTH_ENCRYPTION_SECRET differs from the one they were stored with\"");
    return out;
  }
  Json pairs = jsonrpc::read_json(*plain);
  if (pairs.is_array())
    for (const auto& p : pairs)
      if (p.is_array() && p.size() == 2 && p[0].is_string() && p[1].is_string())
        out.emplace_back(p[0].get<std::string>(), p[1].get<std::string>());
  return out;
}

std::string Federation::seal(const HeaderPairs& headers, const std::string& context) const {
  if (headers.empty()) return {};
  Json pairs = Json::array();
  for (const auto& [k, v] : headers) pairs.push_back({k, v});
  return secrets_.seal(pairs.dump(), context);
}

HeaderPairs Federation::credentials(const store::Gateway& gateway) const {
  return open_credentials(gateway.auth_value_encrypted, "gateway:" + gateway.id, "gateway=" + gateway.slug);
}

std::string Federation::seal_credentials(const std::string& gateway_id, const HeaderPairs& headers) const {
  return seal(headers, "gateway:" + gateway_id);
}

HeaderPairs Federation::credentials(const store::Tool& tool) const {
  return open_credentials(tool.auth_value_encrypted, "tool:" + tool.id, "tool=" + tool.name);
}

std::string Federation::seal_tool_credentials(const std::string& tool_id, const HeaderPairs& headers) const {
  return seal(headers, "tool:" + tool_id);
}

awaitable<void> Federation::reload(unsigned kinds) {
  auto op = [](store::Store& s) { return load_everything(s); };
  Everything e = co_await store_.run(std::move(op));
  if (e.ec) {
    MCPGW_LOG(error, "catalog_load_failed", "reason=\"" << e.ec.message() << "\"");
    co_return;
  }
  view_ = std::make_shared<const CatalogView>(std::move(e.gateways), std::move(e.tools), std::move(e.resources),
                                              std::move(e.templates), std::move(e.prompts), std::move(e.servers),
                                              down_);
  announce(kinds);
}

void Federation::subscribe(std::weak_ptr<CatalogListener> listener) {
  // Forget listeners that are gone before adding, so the list stays as long as the sessions.
  std::erase_if(listeners_, [](const auto& l) { return l.expired(); });
  listeners_.push_back(std::move(listener));
}

void Federation::announce(unsigned kinds) {
  if (kinds == 0) return;
  auto listeners = listeners_;
  for (auto& weak : listeners)
    if (auto l = weak.lock()) l->catalog_changed(kinds);
}

void Federation::announce_resource_updated(const std::string& uri) {
  auto listeners = listeners_;
  for (auto& weak : listeners)
    if (auto l = weak.lock()) l->resource_updated(uri);
}

void Federation::set_down(const std::string& gateway_id, bool down, const std::string& problem) {
  bool was_down = down_.count(gateway_id) != 0;
  if (down) health_[gateway_id].problem = problem;
  if (down == was_down) return;
  if (down) {
    down_.insert(gateway_id);
    MCPGW_LOG(warn, "gateway_down", "gateway=" << gateway_id << " reason=\"" << problem << "\"");
    if (auto up = upstream(gateway_id)) asio::co_spawn(ex_, reconnect_with_backoff(up), async::log_task_failure);
  } else {
    down_.erase(gateway_id);
    MCPGW_LOG(info, "gateway_up", "gateway=" << gateway_id);
  }
  view_ = view_->with_down(down_);
  announce(kAllKinds);
}

void Federation::report_unreachable(const std::string& gateway_id, const std::string& problem) {
  if (closing_ || !upstream(gateway_id) || down_.count(gateway_id)) return;
  health_[gateway_id].failures = options_.unhealthy_threshold;
  set_down(gateway_id, true, problem);
}

awaitable<void> Federation::connect_in_background(std::shared_ptr<Upstream> upstream) {
  const std::string id = upstream->gateway().id;
  if (auto ec = co_await upstream->ready()) {
    health_[id].failures = options_.unhealthy_threshold;
    set_down(id, true, upstream->failure().empty() ? ec.message() : upstream->failure());
    co_return;
  }
  // Earlier versions stored a gateway before its catalog, so a crash in between left one
  // without any: finish such a registration now.
  if (upstream == this->upstream(id) && !view_->has_catalog(id)) {
    store::Catalog catalog;
    if (auto err = co_await discover_and_store(upstream, catalog))
      MCPGW_LOG(warn, "gateway_refresh_failed", "gateway=" << upstream->gateway().slug << " reason=\"" << err.message << "\"");
    else if (!catalog.tools.empty() || !catalog.resources.empty() || !catalog.resource_templates.empty() ||
             !catalog.prompts.empty())
      co_await reload(kAllKinds);
  }
}

awaitable<void> Federation::watch_upstream(std::shared_ptr<Upstream> upstream) {
  auto queue = std::make_shared<session::SharedSession::Queue>();
  upstream->session()->add_listener(queue);
  const std::string id = upstream->gateway().id;
  for (;;) {
    auto raw = co_await queue->pop();
    if (!raw || closing_) break;
    if (!jsonrpc::method_of(raw->json()).ends_with("/list_changed")) continue;
    // Several notifications in a burst need one refresh.
    while (queue->size() > 0) co_await queue->pop();
    if (upstream != this->upstream(id)) break;  // removed or replaced meanwhile
    MCPGW_LOG(info, "gateway_list_changed", "gateway=" << upstream->gateway().slug);
    store::Catalog catalog;
    if (auto err = co_await discover_and_store(upstream, catalog))
      MCPGW_LOG(warn, "gateway_refresh_failed", "gateway=" << upstream->gateway().slug << " reason=\"" << err.message << "\"");
    else
      co_await reload(kAllKinds);
  }
  upstream->session()->remove_listener(queue.get());
}

awaitable<OpError> Federation::discover(const std::shared_ptr<Upstream>& upstream, store::Catalog& found) {
  const store::Gateway& g = upstream->gateway();
  auto per_request = std::chrono::duration_cast<std::chrono::milliseconds>(options_.federation_timeout);
  DiscoveryResult result = co_await discover_catalog(*upstream, name_prefix(g), options_.separator, per_request);
  if (!result.error.empty()) co_return OpError{502, "cannot reach gateway '" + g.name + "': " + result.error};
  if (std::string clash = catalog_clash(*view_, g, result.catalog); !clash.empty()) co_return OpError{409, clash};
  found = std::move(result.catalog);
  co_return OpError{};
}

awaitable<OpError> Federation::discover_and_store(const std::shared_ptr<Upstream>& upstream, store::Catalog& stored) {
  const store::Gateway& g = upstream->gateway();
  store::Catalog found;
  if (auto err = co_await discover(upstream, found)) co_return err;
  const std::string id = g.id;
  auto op = [id, catalog = std::move(found)](store::Store& s) mutable {
    return s.replace_catalog(id, std::move(catalog));
  };
  auto replaced = co_await store_.run(std::move(op));
  if (!replaced) co_return store_error(replaced.error(), "the catalog of gateway '" + g.name + "'");
  stored = std::move(*replaced);
  co_return OpError{};
}

awaitable<OpError> Federation::add_gateway(store::Gateway& gateway, const HeaderPairs& auth) {
  if (gateway.id.empty()) gateway.id = store::new_record_id();
  if (gateway.slug.empty()) gateway.slug = store::slugify(gateway.name);
  // A taken name is refused before the upstream is contacted (the store checks again).
  for (const auto& g : view_->gateways())
    if (g.name == gateway.name || g.slug == gateway.slug)
      co_return store_error(make_error_code(Errc::record_conflict), "gateway '" + gateway.name + "'");
  gateway.auth_value_encrypted = seal_credentials(gateway.id, auth);
  // Discovery first, then the gateway and its catalog in one transaction: a crash at any
  // moment leaves either nothing or the whole registration, never a gateway without its catalog.
  auto up = std::make_shared<Upstream>(ex_, gateway, auth, upstream_limits());
  store::Catalog catalog;
  if (OpError err = co_await discover(up, catalog)) {
    co_await up->close();
    co_return err;
  }
  auto op = [g = gateway, &catalog](store::Store& s) mutable { return s.register_gateway(std::move(g), catalog); };
  auto created = co_await store_.run(std::move(op));
  if (!created) {
    co_await up->close();
    co_return store_error(created.error(), "gateway '" + gateway.name + "'");
  }
  gateway = *created;
  upstreams_[gateway.id] = up;
  health_.erase(gateway.id);
  asio::co_spawn(ex_, watch_upstream(up), async::log_task_failure);
  MCPGW_LOG(info, "gateway_registered",
            "gateway=" << gateway.slug << " transport=" << gateway.transport << " tools=" << catalog.tools.size()
                       << " resources=" << catalog.resources.size() << " prompts=" << catalog.prompts.size());
  co_await reload(kAllKinds);
  co_return OpError{};
}

awaitable<OpError> Federation::update_gateway(store::Gateway& gateway, const std::optional<HeaderPairs>& auth) {
  if (auth) gateway.auth_value_encrypted = seal_credentials(gateway.id, *auth);
  // The new settings are tried first: a catalog that clashes with another gateway's refuses
  // the update as a whole, and a discovered catalog is stored with the settings in one step.
  // An unreachable upstream does not stop the update; the gateway is then down.
  std::shared_ptr<Upstream> up;
  std::optional<store::Catalog> catalog;
  OpError unreachable;
  if (gateway.enabled) {
    up = make_upstream(gateway);
    store::Catalog found;
    if (OpError err = co_await discover(up, found); err.status == 409) {
      co_await up->close();
      co_return err;
    } else if (err) {
      unreachable = err;
    } else {
      catalog = std::move(found);
    }
  }
  auto op = [g = gateway, &catalog](store::Store& s) mutable {
    return s.update_gateway(std::move(g), catalog ? &*catalog : nullptr);
  };
  auto updated = co_await store_.run(std::move(op));
  if (!updated) {
    if (up) co_await up->close();
    co_return store_error(updated.error(), "gateway '" + gateway.name + "'");
  }
  gateway = *updated;
  if (auto old = upstream(gateway.id)) {
    upstreams_.erase(gateway.id);
    co_await old->close();
  }
  down_.erase(gateway.id);
  health_.erase(gateway.id);
  guard_.forget(guard_key(gateway.id));  // new settings: the old failures say nothing of them
  if (up) {
    upstreams_[gateway.id] = up;
    asio::co_spawn(ex_, watch_upstream(up), async::log_task_failure);
    if (unreachable) {
      health_[gateway.id].failures = options_.unhealthy_threshold;
      set_down(gateway.id, true, unreachable.message);
    }
  }
  co_await reload(kAllKinds);
  co_return OpError{};
}

awaitable<OpError> Federation::remove_gateway(const std::string& id) {
  const std::string key = id;
  auto op = [key](store::Store& s) { return s.gateways().remove(key); };
  auto removed = co_await store_.run(std::move(op));
  if (!removed) co_return store_error(removed.error(), "gateway " + id);
  if (auto up = upstream(key)) {
    upstreams_.erase(key);
    co_await up->close();
  }
  down_.erase(key);
  health_.erase(key);
  guard_.forget(guard_key(key));
  co_await reload(kAllKinds);
  co_return OpError{};
}

awaitable<OpError> Federation::refresh_gateway(const std::string& id, store::Catalog& catalog) {
  auto up = upstream(id);
  if (!up) {
    if (!view_->gateway(id)) co_return OpError{404, "gateway " + id + " not found"};
    co_return OpError{409, "gateway " + id + " is disabled"};
  }
  if (auto err = co_await discover_and_store(up, catalog)) co_return err;
  set_down(id, false, {});
  co_await reload(kAllKinds);
  co_return OpError{};
}

awaitable<OpError> Federation::set_gateway_enabled(const std::string& id, bool enabled, store::Gateway& gateway) {
  const std::string key = id;
  auto op = [key](store::Store& s) { return s.gateways().get(key); };
  auto current = co_await store_.run(std::move(op));
  if (!current) co_return store_error(current.error(), "gateway " + id);
  gateway = *current;
  if (gateway.enabled == enabled) co_return OpError{};
  gateway.enabled = enabled;
  auto write = [g = gateway](store::Store& s) mutable { return s.gateways().update(std::move(g)); };
  auto updated = co_await store_.run(std::move(write));
  if (!updated) co_return store_error(updated.error(), "gateway " + id);
  gateway = *updated;
  if (!enabled) {
    if (auto up = upstream(key)) {
      upstreams_.erase(key);
      co_await up->close();
    }
  } else if (!upstream(key)) {
    auto up = make_upstream(gateway);
    upstreams_[key] = up;
    asio::co_spawn(ex_, watch_upstream(up), async::log_task_failure);
    asio::co_spawn(ex_, connect_in_background(up), async::log_task_failure);
  }
  MCPGW_LOG(info, "gateway_state", "gateway=" << gateway.slug << " enabled=" << (enabled ? "true" : "false"));
  co_await reload(kAllKinds);
  co_return OpError{};
}

awaitable<void> Federation::check_one(std::shared_ptr<Upstream> upstream) {
  const std::string id = upstream->gateway().id;
  auto timeout = std::chrono::duration_cast<std::chrono::milliseconds>(options_.health_timeout);
  const std::string method = "ping";
  Json no_params = Json::object();
  auto reply = co_await upstream->request(method, std::move(no_params), timeout);
  if (closing_ || upstream != this->upstream(id)) co_return;
  auto& h = health_[id];
  // Any answer of the server's, even an error, means it is up; an error saying no answer could
  // come (told by its reason, never by its code) means it is not.
  bool answered = reply && !(reply->contains("error") && jsonrpc::is_no_answer((*reply)["error"]));
  if (answered) {
    bool was_down = down_.count(id) != 0;
    h.failures = 0;
    set_down(id, false, {});
    if (was_down) {
      // It may have come back with other tools.
      store::Catalog catalog;
      if (!co_await discover_and_store(upstream, catalog)) co_await reload(kAllKinds);
    }
    co_return;
  }
  ++h.failures;
  std::string problem = !reply ? (upstream->failure().empty() ? reply.error().message() : upstream->failure())
                               : jsonrpc::member_or((*reply)["error"], "message", std::string("no answer"));
  MCPGW_LOG(debug, "gateway_check_failed", "gateway=" << upstream->gateway().slug << " failures=" << h.failures);
  if (h.failures >= options_.unhealthy_threshold) set_down(id, true, problem);
}

awaitable<void> Federation::reconnect_with_backoff(std::shared_ptr<Upstream> upstream) {
  // Sooner than the next health check, then less and less often, up to its interval.
  const std::string id = upstream->gateway().id;
  auto delay = std::min<std::chrono::seconds>(std::chrono::seconds(1), options_.health_interval);
  asio::steady_timer timer(ex_);
  while (!closing_ && this->upstream(id) == upstream && down_.count(id)) {
    timer.expires_after(delay);
    co_await timer.async_wait(use_nothrow);
    if (closing_ || this->upstream(id) != upstream || !down_.count(id)) break;
    MCPGW_LOG(debug, "gateway_reconnect", "gateway=" << upstream->gateway().slug << " after_s=" << delay.count());
    co_await check_one(upstream);
    delay = std::min(delay * 2, options_.health_interval);
  }
}

awaitable<void> Federation::run_health_checks() {
  asio::steady_timer timer(ex_);
  while (!closing_) {
    timer.expires_after(options_.health_interval);
    co_await timer.async_wait(use_nothrow);
    if (closing_) break;
    std::vector<std::shared_ptr<Upstream>> all;
    for (const auto& [id, up] : upstreams_) all.push_back(up);
    for (auto& up : all) asio::co_spawn(ex_, check_one(up), async::log_task_failure);
  }
}

awaitable<void> Federation::close(std::chrono::milliseconds grace) {
  closing_ = true;
  auto deadline = std::chrono::steady_clock::now() + grace;
  for (;;) {
    std::size_t busy = 0;
    for (const auto& [id, up] : upstreams_) busy += up->session()->in_flight();
    if (busy == 0 || std::chrono::steady_clock::now() >= deadline) {
      if (busy) MCPGW_LOG(warn, "shutdown_calls_abandoned", "count=" << busy);
      break;
    }
    asio::steady_timer pause(ex_, std::chrono::milliseconds(50));
    co_await pause.async_wait(use_nothrow);
  }
  auto all = std::move(upstreams_);
  upstreams_.clear();
  for (auto& [id, up] : all) co_await up->close();
}

}  // namespace mcpgw::gateway
