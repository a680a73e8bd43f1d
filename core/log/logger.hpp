#pragma once

#include <sstream>
#include <string>
#include <string_view>

namespace mcpgw::log {

enum class Level { off = 0, error, warn, info, debug };

/// Process-wide level; set once at startup, read everywhere (relaxed atomic).
void set_level(Level level);
Level level();
inline bool enabled(Level l) { return l != Level::off && l <= level(); }

/// Parses "off|error|warn|warning|info|debug" (any case; "none" = off). Throws ConfigError.
Level parse_level(std::string_view text);

/// Writes one line `mcpgw <level> event=<event> <fields>` to stderr (never stdout: it may carry
/// JSON-RPC). Thread-safe: one write(2) per line.
void write(Level level, std::string_view event, std::string_view fields);

/// Wraps a secret so that streaming it prints *** (tokens, Authorization values, keys).
struct Secret {
  std::string_view value;
};
std::ostream& operator<<(std::ostream& os, const Secret&);

}  // namespace mcpgw::log

/// Builds the message only when the level is enabled.
#define MCPGW_LOG(lvl, event, fields)                                     \
  do {                                                                    \
    if (::mcpgw::log::enabled(::mcpgw::log::Level::lvl)) {                \
      std::ostringstream mcpgw_log_os_;                                   \
      mcpgw_log_os_ << fields;                                            \
      ::mcpgw::log::write(::mcpgw::log::Level::lvl, event, mcpgw_log_os_.str()); \
    }                                                                     \
  } while (0)
