#include "core/store/record_id.hpp"

#include "core/auth/random.hpp"

namespace mcpgw::store {

std::string new_record_id() {
  std::string b = auth::random_bytes(16);
  b[6] = static_cast<char>((b[6] & 0x0F) | 0x40);  // version 4
  b[8] = static_cast<char>((b[8] & 0x3F) | 0x80);  // variant 10
  return auth::to_hex(b);
}

}  // namespace mcpgw::store
