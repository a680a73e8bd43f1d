#include "core/store/migrations/migrations.hpp"

namespace mcpgw::store::migrations {

// Conventions: every record table has `seq`, the creation order that keyset pagination
// follows, and `id`, the 32-hex-digit public id. JSON values are TEXT; tags and other string
// lists are JSON arrays; times are INTEGER milliseconds since the epoch; a record without a
// gateway has gateway_id NULL. Deleting a gateway deletes its catalog; deleting a tool,
// resource or prompt removes it from every virtual server.
extern const Migration kInitialSchema = {1, "initial schema", R"sql(
CREATE TABLE gateways (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL UNIQUE,
  slug TEXT NOT NULL UNIQUE,
  url TEXT NOT NULL,
  transport TEXT NOT NULL,
  command TEXT NOT NULL,
  env TEXT NOT NULL,
  auth_type TEXT NOT NULL,
  auth_value_encrypted TEXT NOT NULL,
  auth_headers TEXT NOT NULL,
  passthrough_headers TEXT NOT NULL,
  description TEXT NOT NULL,
  tags TEXT NOT NULL,
  tool_prefix TEXT,
  enabled INTEGER NOT NULL,
  reachable INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE tools (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  gateway_id TEXT REFERENCES gateways(id) ON DELETE CASCADE,
  name TEXT NOT NULL UNIQUE,
  original_name TEXT NOT NULL,
  display_name TEXT NOT NULL,
  description TEXT NOT NULL,
  input_schema TEXT NOT NULL,
  output_schema TEXT,
  annotations TEXT NOT NULL,
  tags TEXT NOT NULL,
  enabled INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX tools_by_gateway ON tools(gateway_id);

CREATE TABLE resources (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  gateway_id TEXT REFERENCES gateways(id) ON DELETE CASCADE,
  uri TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  mime_type TEXT NOT NULL,
  size INTEGER,
  annotations TEXT NOT NULL,
  tags TEXT NOT NULL,
  enabled INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX resources_by_uri ON resources(ifnull(gateway_id, ''), uri);
CREATE INDEX resources_by_gateway ON resources(gateway_id);

CREATE TABLE resource_templates (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  gateway_id TEXT REFERENCES gateways(id) ON DELETE CASCADE,
  uri_template TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  mime_type TEXT NOT NULL,
  annotations TEXT NOT NULL,
  tags TEXT NOT NULL,
  enabled INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX resource_templates_by_uri
  ON resource_templates(ifnull(gateway_id, ''), uri_template);
CREATE INDEX resource_templates_by_gateway ON resource_templates(gateway_id);

CREATE TABLE prompts (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  gateway_id TEXT REFERENCES gateways(id) ON DELETE CASCADE,
  name TEXT NOT NULL UNIQUE,
  original_name TEXT NOT NULL,
  description TEXT NOT NULL,
  arguments TEXT NOT NULL,
  tags TEXT NOT NULL,
  enabled INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX prompts_by_gateway ON prompts(gateway_id);

CREATE TABLE servers (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL,
  tags TEXT NOT NULL,
  enabled INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE server_tools (
  server_id TEXT NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
  tool_id TEXT NOT NULL REFERENCES tools(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  PRIMARY KEY (server_id, tool_id)
);
CREATE INDEX server_tools_by_tool ON server_tools(tool_id);

CREATE TABLE server_resources (
  server_id TEXT NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
  resource_id TEXT NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  PRIMARY KEY (server_id, resource_id)
);
CREATE INDEX server_resources_by_resource ON server_resources(resource_id);

CREATE TABLE server_prompts (
  server_id TEXT NOT NULL REFERENCES servers(id) ON DELETE CASCADE,
  prompt_id TEXT NOT NULL REFERENCES prompts(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  PRIMARY KEY (server_id, prompt_id)
);
CREATE INDEX server_prompts_by_prompt ON server_prompts(prompt_id);

CREATE TABLE revoked_tokens (
  jti TEXT PRIMARY KEY,
  reason TEXT NOT NULL,
  revoked_at INTEGER NOT NULL,
  expires_at INTEGER
);
CREATE INDEX revoked_tokens_by_expiry ON revoked_tokens(expires_at);
)sql"};

}  // namespace mcpgw::store::migrations
