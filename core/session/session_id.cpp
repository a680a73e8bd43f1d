#include "core/session/session_id.hpp"

#include <openssl/rand.h>

#include "core/error.hpp"

namespace mcpgw::session {

std::string new_session_id() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw Fatal("the system random generator failed");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(32, '0');
  for (std::size_t i = 0; i < sizeof bytes; ++i) {
    id[2 * i] = kHex[bytes[i] >> 4];
    id[2 * i + 1] = kHex[bytes[i] & 15];
  }
  return id;
}

}  // namespace mcpgw::session
