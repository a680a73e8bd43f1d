#include "core/gateway/discovery.hpp"

#include "core/error.hpp"
#include "core/gateway/exposed_name.hpp"

namespace mcpgw::gateway {

using jsonrpc::Json;

std::string name_prefix(const store::Gateway& gateway) {
  return gateway.tool_prefix ? *gateway.tool_prefix : gateway.slug;
}

namespace {

// Named, not temporaries: g++ 12 mishandles class temporaries inside a co_await expression.
const std::string kTools = "tools/list";
const std::string kResources = "resources/list";
const std::string kTemplates = "resources/templates/list";
const std::string kPrompts = "prompts/list";

std::string text_of(const Json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::vector<std::string> tags_of(const Json& item) {
  std::vector<std::string> tags;
  if (auto meta = item.find("_meta"); meta != item.end() && meta->is_object())
    if (auto t = meta->find("tags"); t != meta->end() && t->is_array())
      for (const auto& tag : *t)
        if (tag.is_string()) tags.push_back(tag.get<std::string>());
  return tags;
}

/// Collects every item under `key` across the pages of `method`; false with `error` set on failure.
awaitable<bool> list_all(Upstream& upstream, const std::string& method, const char* key,
                         std::chrono::milliseconds timeout, std::vector<Json>& items, std::string& error) {
  std::string cursor;
  for (int page = 0; page < 1000; ++page) {
    Json params = Json::object();
    if (!cursor.empty()) params["cursor"] = cursor;
    auto reply = co_await upstream.request(method, std::move(params), timeout);
    if (!reply) {
      error = method + ": " + (reply.error() == make_error_code(Errc::upstream_timeout)
                                   ? std::string("no answer in time")
                                   : upstream.failure().empty() ? reply.error().message() : upstream.failure());
      co_return false;
    }
    // Looked up with find(): the answer is the upstream's, of any shape (const operator[] on a
    // missing key is undefined, value() throws on a non-object).
    const Json& r = *reply;
    if (auto e = r.find("error"); e != r.end()) {
      // Say what failed, not what the far side wrote.
      auto code = e->is_object() ? e->find("code") : e->end();
      error = method + ": the upstream answered JSON-RPC error " +
              (code != e->end() && code->is_number_integer() ? code->dump() : std::string("(malformed)"));
      co_return false;
    }
    auto found = r.find("result");
    if (found == r.end() || !found->is_object()) {
      error = method + ": the upstream's answer has no result object";
      co_return false;
    }
    const Json& result = *found;
    if (auto list = result.find(key); list != result.end() && list->is_array())
      for (const auto& item : *list) items.push_back(item);
    cursor = text_of(result, "nextCursor");
    if (cursor.empty()) co_return true;
  }
  error = method + ": more than 1000 pages";
  co_return false;
}

}  // namespace

awaitable<DiscoveryResult> discover_catalog(Upstream& upstream, std::string prefix, std::string separator,
                                            std::chrono::milliseconds timeout) {
  DiscoveryResult out;
  if (auto ec = co_await upstream.ready()) {
    out.error = upstream.failure().empty() ? ec.message() : upstream.failure();
    co_return out;
  }
  const Json& initialized = upstream.session()->initialize_result();
  auto caps = initialized.find("capabilities");
  const Json capabilities = caps != initialized.end() && caps->is_object() ? *caps : Json::object();
  const std::string& gateway_id = upstream.gateway().id;
  std::vector<Json> items;

  if (capabilities.contains("tools")) {
    if (!co_await list_all(upstream, kTools, "tools", timeout, items, out.error)) co_return out;
    for (const auto& t : items) {
      store::Tool tool;
      tool.gateway_id = gateway_id;
      tool.original_name = text_of(t, "name");
      if (tool.original_name.empty()) continue;
      tool.name = exposed_name(prefix, separator, tool.original_name);
      tool.display_name = text_of(t, "title");
      tool.description = text_of(t, "description");
      tool.input_schema = t.value("inputSchema", Json::object());
      tool.output_schema = t.value("outputSchema", Json());
      tool.annotations = t.value("annotations", Json::object());
      tool.tags = tags_of(t);
      out.catalog.tools.push_back(std::move(tool));
    }
    items.clear();
  }
  if (capabilities.contains("resources")) {
    if (!co_await list_all(upstream, kResources, "resources", timeout, items, out.error)) co_return out;
    for (const auto& r : items) {
      store::Resource resource;
      resource.gateway_id = gateway_id;
      resource.uri = text_of(r, "uri");
      if (resource.uri.empty()) continue;
      resource.name = text_of(r, "name");
      resource.description = text_of(r, "description");
      resource.mime_type = text_of(r, "mimeType");
      if (auto size = r.find("size"); size != r.end() && size->is_number_integer()) resource.size = size->get<std::int64_t>();
      resource.annotations = r.value("annotations", Json::object());
      out.catalog.resources.push_back(std::move(resource));
    }
    items.clear();
    // Servers that have no templates may not know the method; that is no failure.
    std::string ignored;
    if (co_await list_all(upstream, kTemplates, "resourceTemplates", timeout, items, ignored)) {
      for (const auto& r : items) {
        store::ResourceTemplate t;
        t.gateway_id = gateway_id;
        t.uri_template = text_of(r, "uriTemplate");
        if (t.uri_template.empty()) continue;
        t.name = text_of(r, "name");
        t.description = text_of(r, "description");
        t.mime_type = text_of(r, "mimeType");
        t.annotations = r.value("annotations", Json::object());
        out.catalog.resource_templates.push_back(std::move(t));
      }
    }
    items.clear();
  }
  if (capabilities.contains("prompts")) {
    if (!co_await list_all(upstream, kPrompts, "prompts", timeout, items, out.error)) co_return out;
    for (const auto& p : items) {
      store::Prompt prompt;
      prompt.gateway_id = gateway_id;
      prompt.original_name = text_of(p, "name");
      if (prompt.original_name.empty()) continue;
      prompt.name = exposed_name(prefix, separator, prompt.original_name);
      prompt.description = text_of(p, "description");
      prompt.arguments = p.value("arguments", Json::array());
      out.catalog.prompts.push_back(std::move(prompt));
    }
  }
  co_return out;
}

}  // namespace mcpgw::gateway
