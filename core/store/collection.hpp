#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <boost/system/result.hpp>

namespace mcpgw::store {

template <class T>
using Result = boost::system::result<T>;

/// Which records list() returns. Filters combine with AND.
struct ListQuery {
  std::string gateway_id{};         // catalog records of this gateway only (ignored for gateways
                                    // and servers); empty: all
  std::vector<std::string> tags{};  // records carrying at least one of these; empty: all
  bool include_inactive = false;    // disabled records too
  std::size_t limit = 100;          // page size, clamped to 1..kMaxPageSize
  std::string cursor{};             // next_cursor of the previous page; empty: the first page
};

inline constexpr std::size_t kMaxPageSize = 1000;

/// The query's limit clamped to 1..kMaxPageSize.
inline std::size_t page_size(const ListQuery& query) {
  return std::clamp<std::size_t>(query.limit, 1, kMaxPageSize);
}

/// One page of a listing, in creation order. Keyset pagination: the cursor names the last
/// record seen, so records created while paging come on later pages and none is repeated or
/// skipped.
template <class R>
struct Page {
  std::vector<R> items;
  std::string next_cursor;  // empty on the last page
};

/// The stored records of one kind (gateways, tools, ...). Errors are values, never exceptions:
/// record_not_found, record_conflict (the id or a unique name is taken), dangling_reference
/// (a gateway_id or linked id that does not exist), invalid_cursor, or the database's own
/// error. Call only from the store's thread (see Store).
template <class R>
class Collection {
 public:
  virtual ~Collection() = default;

  /// Stores a new record and returns it as stored: the id filled in when empty (32 hex
  /// digits), created_at and updated_at set.
  virtual Result<R> create(R record) = 0;

  virtual Result<R> get(std::string_view id) = 0;

  /// Replaces the record with record.id, keeping its created_at.
  virtual Result<R> update(R record) = 0;

  /// Removes the record with what depends on it: a gateway's catalog; a tool, resource or
  /// prompt's places in virtual servers.
  virtual Result<void> remove(std::string_view id) = 0;

  virtual Result<Page<R>> list(const ListQuery& query) = 0;
};

}  // namespace mcpgw::store
