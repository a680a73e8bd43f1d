#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/gateway/api_json.hpp"
#include "core/gateway/store_worker.hpp"
#include "core/http/exchange.hpp"

namespace mcpgw::gateway {

// The pieces every REST route is made of: reading the request, answering JSON, and the two
// generic routes (list with ContextForge's pagination and filters, get by id).

/// Answers with `body` as JSON.
awaitable<void> respond_json(http::Exchange& exchange, int status, nlohmann::json body);
/// Answers with {"detail": message}.
awaitable<void> respond_detail(http::Exchange& exchange, int status, std::string message);

std::string percent_decode(std::string_view in);
/// A query parameter, percent-decoded ("" when absent).
std::string param(const http::Exchange& exchange, std::string_view name);
bool truthy(const std::string& v);
/// The body as a JSON object, or null with `error` saying why not.
json parse_body(const http::Exchange& exchange, std::string& error);
/// The HTTP status and message for a store error about `what`.
int status_of(error_code ec);
std::string message_of(error_code ec, const std::string& what);
/// The filters of a list route: ?gateway_id=, ?include_inactive=, ?cursor= and ?tags=a,b.
store::ListQuery list_filters(const http::Exchange& exchange);
/// ?activate=true|false, or {"activate": bool} / {"enabled": bool} in the body.
std::optional<bool> requested_state(const http::Exchange& exchange);

/// A list route: ContextForge's pagination (?limit=N, 0 = all; ?cursor=; ?include_pagination=true
/// wraps the list with its next cursor) and filters (?gateway_id=, ?tags=a,b, ?include_inactive=).
template <class R, class ToJson>
inline awaitable<void> list_route(http::Exchange& exchange, StoreWorker& worker, store::Collection<R>& (store::Store::*pick)(),
                           const char* key, ToJson to_json) {
  store::ListQuery query = list_filters(exchange);
  bool paginate = truthy(param(exchange, "include_pagination"));
  std::string limit_text = param(exchange, "limit");
  long limit = paginate ? 50 : 0;
  if (!limit_text.empty()) {
    char* end = nullptr;
    limit = std::strtol(limit_text.c_str(), &end, 10);
    if (*end || limit < 0) {
      co_await respond_detail(exchange, 400, "limit must be a non-negative integer");
      co_return;
    }
  }
  auto op = [query, limit, pick](store::Store& s) mutable -> store::Result<store::Page<R>> {
    auto& collection = (s.*pick)();
    if (limit > 0) {
      query.limit = static_cast<std::size_t>(limit);
      return collection.list(query);
    }
    store::Page<R> all;
    query.limit = store::kMaxPageSize;
    for (;;) {
      auto page = collection.list(query);
      if (!page) return page.error();
      for (auto& r : page->items) all.items.push_back(std::move(r));
      if (page->next_cursor.empty()) return all;
      query.cursor = page->next_cursor;
    }
  };
  auto page = co_await worker.run(std::move(op));
  if (!page) {
    co_await respond_detail(exchange, status_of(page.error()), message_of(page.error(), key));
    co_return;
  }
  json items = json::array();
  for (const auto& r : page->items) items.push_back(to_json(r));
  if (!paginate) {
    co_await respond_json(exchange, 200, items);
    co_return;
  }
  json wrapped = {{key, std::move(items)},
                  {"nextCursor", page->next_cursor.empty() ? json(nullptr) : json(page->next_cursor)}};
  co_await respond_json(exchange, 200, wrapped);
}

template <class R, class ToJson>
inline awaitable<void> get_route(http::Exchange& exchange, StoreWorker& worker, store::Collection<R>& (store::Store::*pick)(),
                          const std::string& id, const char* what, ToJson to_json) {
  auto op = [id, pick](store::Store& s) { return (s.*pick)().get(id); };
  auto record = co_await worker.run(std::move(op));
  if (!record) {
    co_await respond_detail(exchange, status_of(record.error()), message_of(record.error(), std::string(what) + " " + id));
    co_return;
  }
  co_await respond_json(exchange, 200, to_json(*record));
}

/// A store operation that enables or disables one record and returns it as stored.
template <class R>
auto set_enabled_op(store::Collection<R>& (store::Store::*pick)(), std::string id, bool enabled) {
  return [pick, id = std::move(id), enabled](store::Store& s) -> store::Result<R> {
    auto& collection = (s.*pick)();
    auto record = collection.get(id);
    if (!record) return record.error();
    record->enabled = enabled;
    return collection.update(std::move(*record));
  };
}

}  // namespace mcpgw::gateway
