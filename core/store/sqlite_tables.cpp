#include "core/store/sqlite_tables.hpp"

namespace mcpgw::store {

void SqliteTable<Gateway>::write(RowWriter& w, const Gateway& g) {
  w.text(g.id).text(g.name).text(g.slug).text(g.url).text(g.transport).text(g.command);
  w.json(g.env).text(g.auth_type).text(g.auth_value_encrypted).json(g.auth_headers);
  w.list(g.passthrough_headers).text(g.description).list(g.tags).optional_text(g.tool_prefix);
  w.boolean(g.enabled).boolean(g.reachable).time(g.created_at).time(g.updated_at);
}

Gateway SqliteTable<Gateway>::read(RowReader& r) {
  return Gateway{.id = r.text(),
                 .name = r.text(),
                 .slug = r.text(),
                 .url = r.text(),
                 .transport = r.text(),
                 .command = r.text(),
                 .env = r.json(),
                 .auth_type = r.text(),
                 .auth_value_encrypted = r.text(),
                 .auth_headers = r.json(),
                 .passthrough_headers = r.list(),
                 .description = r.text(),
                 .tags = r.list(),
                 .tool_prefix = r.optional_text(),
                 .enabled = r.boolean(),
                 .reachable = r.boolean(),
                 .created_at = r.time(),
                 .updated_at = r.time()};
}

void SqliteTable<Tool>::write(RowWriter& w, const Tool& t) {
  w.text(t.id).gateway_id(t.gateway_id).text(t.name).text(t.original_name).text(t.display_name);
  w.text(t.description).json(t.input_schema).json(t.output_schema).json(t.annotations);
  w.list(t.tags).boolean(t.enabled).time(t.created_at).time(t.updated_at);
  w.text(t.integration_type).text(t.url).text(t.request_type).json(t.headers).text(t.auth_type);
  w.text(t.auth_value_encrypted).json(t.query_mapping).json(t.header_mapping).optional_integer(t.timeout_ms);
  w.text(t.jsonpath_filter).optional_integer(t.rate_limit);
}

Tool SqliteTable<Tool>::read(RowReader& r) {
  return Tool{.id = r.text(),
              .gateway_id = r.gateway_id(),
              .name = r.text(),
              .original_name = r.text(),
              .display_name = r.text(),
              .description = r.text(),
              .input_schema = r.json(),
              .output_schema = r.json(),
              .annotations = r.json(),
              .tags = r.list(),
              .enabled = r.boolean(),
              .created_at = r.time(),
              .updated_at = r.time(),
              .integration_type = r.text(),
              .url = r.text(),
              .request_type = r.text(),
              .headers = r.json(),
              .auth_type = r.text(),
              .auth_value_encrypted = r.text(),
              .query_mapping = r.json(),
              .header_mapping = r.json(),
              .timeout_ms = r.optional_integer(),
              .jsonpath_filter = r.text(),
              .rate_limit = r.optional_integer()};
}

void SqliteTable<Resource>::write(RowWriter& w, const Resource& r) {
  w.text(r.id).gateway_id(r.gateway_id).text(r.uri).text(r.name).text(r.description);
  w.text(r.mime_type).optional_integer(r.size).json(r.annotations).list(r.tags);
  w.boolean(r.enabled).time(r.created_at).time(r.updated_at).optional_text(r.text).optional_text(r.blob);
}

Resource SqliteTable<Resource>::read(RowReader& r) {
  return Resource{.id = r.text(),
                  .gateway_id = r.gateway_id(),
                  .uri = r.text(),
                  .name = r.text(),
                  .description = r.text(),
                  .mime_type = r.text(),
                  .size = r.optional_integer(),
                  .annotations = r.json(),
                  .tags = r.list(),
                  .enabled = r.boolean(),
                  .created_at = r.time(),
                  .updated_at = r.time(),
                  .text = r.optional_text(),
                  .blob = r.optional_text()};
}

void SqliteTable<ResourceTemplate>::write(RowWriter& w, const ResourceTemplate& t) {
  w.text(t.id).gateway_id(t.gateway_id).text(t.uri_template).text(t.name).text(t.description);
  w.text(t.mime_type).json(t.annotations).list(t.tags).boolean(t.enabled);
  w.time(t.created_at).time(t.updated_at).optional_text(t.text);
}

ResourceTemplate SqliteTable<ResourceTemplate>::read(RowReader& r) {
  return ResourceTemplate{.id = r.text(),
                          .gateway_id = r.gateway_id(),
                          .uri_template = r.text(),
                          .name = r.text(),
                          .description = r.text(),
                          .mime_type = r.text(),
                          .annotations = r.json(),
                          .tags = r.list(),
                          .enabled = r.boolean(),
                          .created_at = r.time(),
                          .updated_at = r.time(),
                          .text = r.optional_text()};
}

void SqliteTable<Prompt>::write(RowWriter& w, const Prompt& p) {
  w.text(p.id).gateway_id(p.gateway_id).text(p.name).text(p.original_name).text(p.description);
  w.json(p.arguments).list(p.tags).boolean(p.enabled).time(p.created_at).time(p.updated_at);
  w.text(p.template_text).integer(p.version).json(p.history);
}

Prompt SqliteTable<Prompt>::read(RowReader& r) {
  return Prompt{.id = r.text(),
                .gateway_id = r.gateway_id(),
                .name = r.text(),
                .original_name = r.text(),
                .description = r.text(),
                .arguments = r.json(),
                .tags = r.list(),
                .enabled = r.boolean(),
                .created_at = r.time(),
                .updated_at = r.time(),
                .template_text = r.text(),
                .version = r.integer(),
                .history = r.json()};
}

void SqliteTable<Server>::write(RowWriter& w, const Server& s) {
  w.text(s.id).text(s.name).text(s.description).list(s.tags).boolean(s.enabled);
  w.time(s.created_at).time(s.updated_at);
}

Server SqliteTable<Server>::read(RowReader& r) {
  // The link lists come last in the row (kLinkColumns), unlike in Server.
  Server s;
  s.id = r.text();
  s.name = r.text();
  s.description = r.text();
  s.tags = r.list();
  s.enabled = r.boolean();
  s.created_at = r.time();
  s.updated_at = r.time();
  s.tool_ids = r.list();
  s.resource_ids = r.list();
  s.prompt_ids = r.list();
  return s;
}

boost::system::result<void> SqliteTable<Server>::write_links(SqliteConnection& db,
                                                             const Server& s) {
  struct Link {
    const char* remove;
    const char* insert;
    const std::vector<std::string>& ids;
  };
  const Link links[] = {
      {"DELETE FROM server_tools WHERE server_id = ?1",
       "INSERT INTO server_tools (server_id, tool_id, position) VALUES (?1, ?2, ?3)", s.tool_ids},
      {"DELETE FROM server_resources WHERE server_id = ?1",
       "INSERT INTO server_resources (server_id, resource_id, position) VALUES (?1, ?2, ?3)",
       s.resource_ids},
      {"DELETE FROM server_prompts WHERE server_id = ?1",
       "INSERT INTO server_prompts (server_id, prompt_id, position) VALUES (?1, ?2, ?3)",
       s.prompt_ids},
  };
  for (const auto& link : links) {
    auto& remove = db.prepare(link.remove);
    remove.bind(1, std::string_view(s.id));
    if (auto done = remove.run(); !done) return done;
    for (std::size_t i = 0; i < link.ids.size(); ++i) {
      auto& insert = db.prepare(link.insert);
      RowWriter(insert).text(s.id).text(link.ids[i]).integer(static_cast<std::int64_t>(i));
      if (auto done = insert.run(); !done) return done;
    }
  }
  return {};
}

}  // namespace mcpgw::store
