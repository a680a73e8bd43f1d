#include "core/store/migrations/migrations.hpp"

namespace mcpgw::store::migrations {

// Tools that serve calls itself over HTTP (integration_type 'REST'): the request they make.
// Every existing tool is a gateway's ('MCP'), and the new columns are empty for it.
extern const Migration kRestTools = {2, "rest tools", R"sql(
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
)sql"};

}  // namespace mcpgw::store::migrations
