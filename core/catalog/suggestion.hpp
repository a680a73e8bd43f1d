#pragma once

#include <span>
#include <string>
#include <string_view>

namespace mcpgw::catalog {

/// The candidate nearest to `word` by edit distance (ASCII case ignored) when it is near enough
/// to be a misspelling: at most a third of the word's length in edits, and always one; ""
/// otherwise. For "did you mean" hints. Pure.
std::string did_you_mean(std::string_view word, std::span<const std::string_view> candidates);

/// Edit distance between two strings (insertions, deletions, substitutions and swaps of
/// neighbouring characters), ASCII case ignored.
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace mcpgw::catalog
