#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "commands/token.hpp"

namespace mcpgw::commands {

// The actions behind `mcpgw token`, one file each; run_token picks one.

inline constexpr int kTokenAccepted = 0;
inline constexpr int kTokenRejected = 1;  // the token is invalid or could not be decoded

int run_token_mint(const TokenOptions& options);
int run_token_decode(const TokenOptions& options);
int run_token_verify(const TokenOptions& options);
int run_token_keygen(const TokenOptions& options);

/// The TOKEN argument, trimmed; "-" reads it from standard input. Throws ConfigError.
std::string read_token_argument(const std::string& argument);

/// Prints `json` on stdout, indented when `pretty`.
void print_json(const nlohmann::json& json, bool pretty);

}  // namespace mcpgw::commands
