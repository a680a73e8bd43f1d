#include "core/admin/table.hpp"

#include <algorithm>
#include <numeric>

namespace mcpgw::admin {

namespace {

std::size_t text_width(const std::string& s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

/// The first `n` code points of `s`, whole.
std::string first_points(const std::string& s, std::size_t n) {
  std::size_t points = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((s[i] & 0xC0) != 0x80) {
      if (points == n) break;
      ++points;
    }
  }
  return s.substr(0, i);
}

std::string flat(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return s;
}

}  // namespace

std::string render_table(const Table& table, std::size_t width, bool bold) {
  constexpr std::size_t kGap = 2, kMinCut = 8;
  const std::size_t n = table.headers.size();
  std::vector<std::vector<std::string>> cells;
  cells.push_back(table.headers);
  for (const auto& row : table.rows) {
    std::vector<std::string> line(n);
    for (std::size_t i = 0; i < n && i < row.size(); ++i) line[i] = flat(row[i]);
    cells.push_back(std::move(line));
  }
  std::vector<std::size_t> widths(n, 0);
  for (const auto& line : cells)
    for (std::size_t i = 0; i < n; ++i) widths[i] = std::max(widths[i], text_width(line[i]));
  if (width > 0 && n > 0) {
    auto total = [&] { return std::accumulate(widths.begin(), widths.end(), std::size_t{0}) + kGap * (n - 1); };
    while (total() > width) {
      auto widest = std::max_element(widths.begin(), widths.end());
      if (*widest <= kMinCut) break;
      *widest -= std::min(*widest - kMinCut, total() - width);
    }
  }
  std::string out;
  for (std::size_t r = 0; r < cells.size(); ++r) {
    std::string line;
    for (std::size_t i = 0; i < n; ++i) {
      std::string cell = cells[r][i];
      if (text_width(cell) > widths[i]) cell = first_points(cell, widths[i] - 1) + "…";
      const bool last = i + 1 == n;
      line += cell;
      if (!last) line += std::string(widths[i] - text_width(cell) + kGap, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    if (r == 0 && bold) line = "\033[1m" + line + "\033[0m";
    out += line + "\n";
  }
  return out;
}

}  // namespace mcpgw::admin
