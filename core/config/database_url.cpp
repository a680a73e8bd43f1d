#include "core/config/database_url.hpp"

namespace mcpgw::config {

std::optional<DatabaseUrl> parse_database_url(std::string_view url, std::string& error) {
  constexpr std::string_view kSqlite = "sqlite:///";
  if (url.starts_with(kSqlite)) {
    std::string_view path = url.substr(kSqlite.size());
    if (path.empty() || path.find('?') != std::string_view::npos) {
      error = "expected sqlite:///path (relative) or sqlite:////path (absolute)";
      return std::nullopt;
    }
    return DatabaseUrl{DatabaseUrl::Backend::sqlite, std::string(path)};
  }
  auto scheme_end = url.find("://");
  std::string_view scheme = url.substr(0, scheme_end);
  bool postgres =
      scheme == "postgres" || scheme == "postgresql" || scheme.starts_with("postgresql+");
  if (postgres && scheme_end != std::string_view::npos && url.size() > scheme_end + 3) {
    return DatabaseUrl{DatabaseUrl::Backend::postgresql, {}};
  }
  error = "expected sqlite:///path or postgresql://user:password@host/database";
  return std::nullopt;
}

}  // namespace mcpgw::config
