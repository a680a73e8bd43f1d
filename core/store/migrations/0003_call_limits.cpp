#include "core/store/migrations/migrations.hpp"

namespace mcpgw::store::migrations {

// A tool's own calls-per-minute limit (NULL: TOOL_RATE_LIMIT applies), and the text of
// resource templates kept in the gateway (NULL for a gateway's templates).
extern const Migration kCallLimits = {3, "call limits and local templates", R"sql(
ALTER TABLE tools ADD COLUMN rate_limit INTEGER;
ALTER TABLE resource_templates ADD COLUMN text TEXT;
)sql"};

}  // namespace mcpgw::store::migrations
