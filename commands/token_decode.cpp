#include <iostream>

#include "commands/token_actions.hpp"
#include "core/auth/jwt.hpp"
#include "core/auth/reason.hpp"

namespace mcpgw::commands {

namespace {

// Inspection accepts tokens larger than a verifier would, so oversized ones can be examined.
constexpr std::size_t kMaxDecodeBytes = 1 << 20;

}  // namespace

int run_token_decode(const TokenOptions& options) {
  auto decoded = auth::decode_unverified(read_token_argument(options.token), kMaxDecodeBytes);
  if (!decoded.ok()) {
    std::cerr << "mcpgw: cannot decode the token: " << auth::reason_name(decoded.failure.reason)
              << ": " << decoded.failure.message << "\n";
    return kTokenRejected;
  }
  std::cerr << "mcpgw: note: NOT VERIFIED: decoded without checking the signature or claims; "
               "use `mcpgw token verify` before trusting them\n";
  if (options.output == "json") {
    print_json({{"verified", false}, {"header", decoded.header}, {"payload", decoded.payload}},
               options.pretty);
  } else {
    print_json(decoded.payload, options.pretty);
  }
  return kTokenAccepted;
}

}  // namespace mcpgw::commands
