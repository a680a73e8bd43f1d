#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mcpgw::store {

/// Pagination cursors. Opaque to clients: base64url of "<kind>:<seq>", where seq is the
/// creation sequence number of the last record on the page and kind the collection
/// ("tools"), so a cursor from one listing is refused by another.
std::string encode_cursor(std::string_view kind, std::int64_t seq);

/// The seq in `cursor`, or nullopt when it is not a cursor of `kind`.
std::optional<std::int64_t> decode_cursor(std::string_view kind, std::string_view cursor);

/// Where a listing of `kind` resumes: after the seq in `cursor`, after 0 for an empty cursor
/// (the first page), nullopt for a cursor that is not one of this listing's.
std::optional<std::int64_t> resume_after(std::string_view kind, std::string_view cursor);

}  // namespace mcpgw::store
