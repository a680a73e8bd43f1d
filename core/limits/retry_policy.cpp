#include "core/limits/retry_policy.hpp"

#include <algorithm>
#include <charconv>
#include <ctime>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>

namespace mcpgw::limits {

std::chrono::milliseconds RetryPolicy::backoff(int attempt) const {
  const int shift = std::clamp(attempt - 1, 0, 30);
  const auto base = std::max<std::int64_t>(base_delay.count(), 1);
  const std::int64_t full = std::min<std::int64_t>(max_delay.count(), base << std::min(shift, 20));
  thread_local std::minstd_rand random{std::random_device{}()};
  const std::int64_t half = full / 2;
  std::uniform_int_distribution<std::int64_t> jitter(0, full - half);
  return std::chrono::milliseconds(half + jitter(random));
}

std::optional<std::chrono::milliseconds> RetryPolicy::honour(std::chrono::seconds retry_after) const {
  auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(retry_after);
  if (wait > max_delay) return std::nullopt;
  return std::max(wait, std::chrono::milliseconds(0));
}

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value, std::chrono::system_clock::time_point now) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    std::int64_t seconds = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (ec == std::errc::result_out_of_range) return std::chrono::seconds(INT32_MAX);
    if (ec != std::errc() || end != value.data() + value.size()) return std::nullopt;
    return std::chrono::seconds(seconds);
  }
  // IMF-fixdate, the only form a sender may generate: "Sun, 06 Nov 1994 08:49:37 GMT".
  std::tm tm{};
  char weekday[4] = {}, month[4] = {}, zone[4] = {};
  std::string text(value);
  if (std::sscanf(text.c_str(), "%3s, %d %3s %d %d:%d:%d %3s", weekday, &tm.tm_mday, month, &tm.tm_year, &tm.tm_hour,
                  &tm.tm_min, &tm.tm_sec, zone) != 8 ||
      std::string_view(zone) != "GMT")
    return std::nullopt;
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  auto m = std::find_if(std::begin(kMonths), std::end(kMonths), [&](const char* name) { return std::string_view(month) == name; });
  if (m == std::end(kMonths) || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
      tm.tm_sec > 60 || tm.tm_year < 1970)
    return std::nullopt;
  tm.tm_mon = static_cast<int>(m - std::begin(kMonths));
  tm.tm_year -= 1900;
  const std::time_t at = timegm(&tm);
  if (at == static_cast<std::time_t>(-1)) return std::nullopt;
  auto delta = std::chrono::system_clock::from_time_t(at) - now;
  return std::max(std::chrono::ceil<std::chrono::seconds>(delta), std::chrono::seconds(0));
}

}  // namespace mcpgw::limits
