#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace mcpgw::admin {

/// Rows of text under a header, as `register list` prints them for people.
struct Table {
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;  // each as long as headers
};

/// Columns padded to their widest cell (widths in UTF-8 code points), two spaces apart, one
/// line per row. With `width` > 0 the widest columns are cut (ending in "…") until each line
/// fits; no column is cut below 8 characters. Line breaks in cells become spaces. With `bold`
/// the header is wrapped in ANSI bold.
std::string render_table(const Table& table, std::size_t width = 0, bool bold = false);

}  // namespace mcpgw::admin
