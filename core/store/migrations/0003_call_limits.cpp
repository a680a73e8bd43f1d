#include "core/store/migrations/migrations.hpp"

namespace mcpgw::store::migrations {

// A tool's own calls-per-minute limit (NULL: TOOL_RATE_LIMIT applies).
extern const Migration kCallLimits = {3, "call limits", R"sql(
ALTER TABLE tools ADD COLUMN rate_limit INTEGER;
)sql"};

}  // namespace mcpgw::store::migrations
