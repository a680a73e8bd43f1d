#include "core/store/cursor.hpp"

#include <charconv>

#include "core/auth/base64url.hpp"

namespace mcpgw::store {

std::string encode_cursor(std::string_view kind, std::int64_t seq) {
  return auth::base64url_encode(std::string(kind) + ":" + std::to_string(seq));
}

std::optional<std::int64_t> decode_cursor(std::string_view kind, std::string_view cursor) {
  auto text = auth::base64url_decode(cursor);
  if (!text || text->size() <= kind.size() + 1 || !text->starts_with(kind) ||
      (*text)[kind.size()] != ':') {
    return std::nullopt;
  }
  std::string_view digits = std::string_view(*text).substr(kind.size() + 1);
  std::int64_t seq = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), seq);
  if (ec != std::errc() || end != digits.data() + digits.size() || seq < 0) return std::nullopt;
  return seq;
}

std::optional<std::int64_t> resume_after(std::string_view kind, std::string_view cursor) {
  if (cursor.empty()) return 0;
  return decode_cursor(kind, cursor);
}

}  // namespace mcpgw::store
