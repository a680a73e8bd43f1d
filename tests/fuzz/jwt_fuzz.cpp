// Fuzzes the JWT verifier with a fixed HS256 secret (the unit tests', so their tokens seed it).
// Without a valid signature only the form, size and header checks run, so inputs whose first
// byte is odd are signed first: their text before the first newline becomes the header JSON and
// the rest the claims, base64url-encoded and signed with the verifier's own secret, so that the
// claim checks (times, audience, issuer, jti) run on them.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/auth/base64url.hpp"
#include "core/auth/signer.hpp"
#include "core/auth/verifier.hpp"

using namespace mcpgw::auth;

namespace {

constexpr std::string_view kSecret = "test-secret-of-thirty-two-bytes!";
constexpr std::int64_t kNow = 1700000060;

const Verifier& verifier() {
  static const Verifier instance = [] {
    VerifierConfig config;
    config.key = HmacSecret{std::string(kSecret)};
    config.clock = [] { return std::chrono::system_clock::time_point(std::chrono::seconds(kNow)); };
    config.is_revoked = [](std::string_view jti) { return jti == "revoked"; };
    return Verifier(std::move(config));
  }();
  return instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  if (data[0] & 1) {
    auto newline = text.find('\n');
    if (newline == std::string_view::npos) return 0;
    std::string input = base64url_encode(text.substr(0, newline)) + "." +
                        base64url_encode(text.substr(newline + 1));
    static const Signer signer(Algorithm::hs256, HmacSecret{std::string(kSecret)});
    std::string token = input + "." + signer.sign_input(input);
    (void)verifier().verify(token);
  } else {
    auto result = verifier().verify(text);
    (void)result.message.size();
  }
  return 0;
}
