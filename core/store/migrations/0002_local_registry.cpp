#include "core/store/migrations/migrations.hpp"

namespace mcpgw::store::migrations {

// What the gateway keeps itself rather than discovers: tools that serve calls over HTTP
// (integration_type 'REST') with the request they make, prompt templates with their earlier
// versions, and resource contents. Every existing record is a gateway's, and the new columns
// are empty for it.
extern const Migration kLocalRegistry = {2, "local registry", R"sql(
ALTER TABLE tools ADD COLUMN integration_type TEXT NOT NULL DEFAULT 'MCP';
ALTER TABLE tools ADD COLUMN url TEXT NOT NULL DEFAULT '';
ALTER TABLE tools ADD COLUMN request_type TEXT NOT NULL DEFAULT '';
ALTER TABLE tools ADD COLUMN headers TEXT NOT NULL DEFAULT '{}';
ALTER TABLE tools ADD COLUMN auth_type TEXT NOT NULL DEFAULT '';
ALTER TABLE tools ADD COLUMN auth_value_encrypted TEXT NOT NULL DEFAULT '';
ALTER TABLE tools ADD COLUMN query_mapping TEXT NOT NULL DEFAULT '{}';
ALTER TABLE tools ADD COLUMN header_mapping TEXT NOT NULL DEFAULT '{}';
ALTER TABLE tools ADD COLUMN timeout_ms INTEGER;
ALTER TABLE tools ADD COLUMN jsonpath_filter TEXT NOT NULL DEFAULT '';
ALTER TABLE prompts ADD COLUMN template TEXT NOT NULL DEFAULT '';
ALTER TABLE prompts ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE prompts ADD COLUMN history TEXT NOT NULL DEFAULT '[]';
ALTER TABLE resources ADD COLUMN text TEXT;
ALTER TABLE resources ADD COLUMN blob TEXT;
)sql"};

}  // namespace mcpgw::store::migrations
