#include "core/log/logger.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <string>

#include "core/error.hpp"

namespace mcpgw::log {
namespace {
std::atomic<Level> g_level{Level::info};

const char* level_name(Level l) {
  switch (l) {
    case Level::error: return "error";
    case Level::warn: return "warn";
    case Level::info: return "info";
    case Level::debug: return "debug";
    case Level::off: break;
  }
  return "off";
}
}  // namespace

void set_level(Level level) { g_level.store(level, std::memory_order_relaxed); }
Level level() { return g_level.load(std::memory_order_relaxed); }

Level parse_level(std::string_view text) {
  std::string s(text);
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  if (s == "off" || s == "none" || s == "silent") return Level::off;
  if (s == "error") return Level::error;
  if (s == "warn" || s == "warning") return Level::warn;
  if (s == "info") return Level::info;
  if (s == "debug" || s == "trace") return Level::debug;
  throw ConfigError("unknown log level '" + std::string(text) +
                    "' (expected off, error, warn, info or debug)");
}

void write(Level level, std::string_view event, std::string_view fields) {
  std::string line;
  line.reserve(32 + event.size() + fields.size());
  line += "mcpgw ";
  line += level_name(level);
  line += " event=";
  line += event;
  if (!fields.empty()) {
    line += ' ';
    line += fields;
  }
  line += '\n';
  // One write per line so lines from several threads never interleave.
  const char* p = line.data();
  size_t left = line.size();
  while (left > 0) {
    ssize_t n = ::write(STDERR_FILENO, p, left);
    if (n <= 0) return;
    p += n;
    left -= static_cast<size_t>(n);
  }
}

std::ostream& operator<<(std::ostream& os, const Secret&) { return os << "***"; }

}  // namespace mcpgw::log
