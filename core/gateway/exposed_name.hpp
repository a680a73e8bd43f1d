#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mcpgw::gateway {

/// Many LLM APIs refuse tool names longer than this.
inline constexpr std::size_t kMaxExposedName = 64;

/// The name clients see for an upstream tool or prompt: `prefix + separator + original`, or
/// `original` alone when the prefix is empty. A name over kMaxExposedName is cut and ends in
/// '_' and 8 hex digits of its SHA-256, so it is the same on every refresh and restart and two
/// long names that share a beginning still differ.
std::string exposed_name(std::string_view prefix, std::string_view separator, std::string_view original);

}  // namespace mcpgw::gateway
