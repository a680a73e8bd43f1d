#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mcpgw::config {

/// DATABASE_URL taken apart. SQLAlchemy's spelling, so ContextForge's values work unchanged.
struct DatabaseUrl {
  enum class Backend { sqlite, postgresql };
  Backend backend = Backend::sqlite;
  std::string path;  // sqlite: the file ("./mcp.db" from sqlite:///./mcp.db, "/data/mcp.db"
                     // from sqlite:////data/mcp.db, or ":memory:")
};

/// Reads sqlite:///path and postgresql://… (also postgres:// and postgresql+driver://).
/// On failure returns nullopt and sets `error` to what was expected.
std::optional<DatabaseUrl> parse_database_url(std::string_view url, std::string& error);

}  // namespace mcpgw::config
