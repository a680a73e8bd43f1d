#pragma once

#include <array>
#include <string_view>

#include "core/store/records.hpp"
#include "core/store/sqlite_connection.hpp"
#include "core/store/sqlite_row.hpp"

namespace mcpgw::store {

/// How each record kind maps onto its table (0001_initial_schema.cpp). kColumns lists the
/// stored columns, `id` first; write() binds them in that order and read() reads them back
/// in that order. kHasGateway says whether the table has gateway_id to filter on.
template <class R>
struct SqliteTable;

template <>
struct SqliteTable<Gateway> {
  static constexpr bool kHasGateway = false;
  static constexpr auto kColumns = std::to_array<std::string_view>(
      {"id", "name", "slug", "url", "transport", "command", "env", "auth_type",
       "auth_value_encrypted", "auth_headers", "passthrough_headers", "description", "tags",
       "tool_prefix", "enabled", "reachable", "created_at", "updated_at"});
  static void write(RowWriter& w, const Gateway& g);
  static Gateway read(RowReader& r);
};

template <>
struct SqliteTable<Tool> {
  static constexpr bool kHasGateway = true;
  static constexpr auto kColumns = std::to_array<std::string_view>(
      {"id", "gateway_id", "name", "original_name", "display_name", "description", "input_schema",
       "output_schema", "annotations", "tags", "enabled", "created_at", "updated_at", "integration_type",
       "url", "request_type", "headers", "auth_type", "auth_value_encrypted", "query_mapping", "header_mapping",
       "timeout_ms", "jsonpath_filter", "rate_limit"});
  static void write(RowWriter& w, const Tool& t);
  static Tool read(RowReader& r);
};

template <>
struct SqliteTable<Resource> {
  static constexpr bool kHasGateway = true;
  static constexpr auto kColumns = std::to_array<std::string_view>(
      {"id", "gateway_id", "uri", "name", "description", "mime_type", "size", "annotations", "tags",
       "enabled", "created_at", "updated_at", "text", "blob"});
  static void write(RowWriter& w, const Resource& r);
  static Resource read(RowReader& r);
};

template <>
struct SqliteTable<ResourceTemplate> {
  static constexpr bool kHasGateway = true;
  static constexpr auto kColumns = std::to_array<std::string_view>(
      {"id", "gateway_id", "uri_template", "name", "description", "mime_type", "annotations",
       "tags", "enabled", "created_at", "updated_at", "text"});
  static void write(RowWriter& w, const ResourceTemplate& t);
  static ResourceTemplate read(RowReader& r);
};

template <>
struct SqliteTable<Prompt> {
  static constexpr bool kHasGateway = true;
  static constexpr auto kColumns =
      std::to_array<std::string_view>({"id", "gateway_id", "name", "original_name", "description",
                                       "arguments", "tags", "enabled", "created_at", "updated_at",
                                       "template", "version", "history"});
  static void write(RowWriter& w, const Prompt& p);
  static Prompt read(RowReader& r);
};

/// Servers also read their id lists from the link tables (kLinkColumns, in position order)
/// and write them with write_links().
template <>
struct SqliteTable<Server> {
  static constexpr bool kHasGateway = false;
  static constexpr auto kColumns = std::to_array<std::string_view>(
      {"id", "name", "description", "tags", "enabled", "created_at", "updated_at"});
  static constexpr std::string_view kLinkColumns =
      ", (SELECT json_group_array(tool_id) FROM (SELECT tool_id FROM server_tools"
      " WHERE server_id = servers.id ORDER BY position))"
      ", (SELECT json_group_array(resource_id) FROM (SELECT resource_id FROM server_resources"
      " WHERE server_id = servers.id ORDER BY position))"
      ", (SELECT json_group_array(prompt_id) FROM (SELECT prompt_id FROM server_prompts"
      " WHERE server_id = servers.id ORDER BY position))";
  static void write(RowWriter& w, const Server& s);
  static Server read(RowReader& r);
  /// Replaces the server's rows in the link tables; dangling_reference for an unknown id.
  static boost::system::result<void> write_links(SqliteConnection& db, const Server& s);
};

}  // namespace mcpgw::store
