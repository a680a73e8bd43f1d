#pragma once

#include <boost/system/error_code.hpp>

namespace mcpgw::store {

/// SQLite's (extended) result codes as error codes, with sqlite3_errstr() messages.
const boost::system::error_category& sqlite_category() noexcept;

/// The error for a failed SQLite call: record_conflict for a UNIQUE or PRIMARY KEY
/// violation, dangling_reference for a FOREIGN KEY violation, otherwise `rc` itself in
/// sqlite_category (a full disk, a locked database past busy_timeout, a corrupt file).
boost::system::error_code sqlite_error(int rc) noexcept;

}  // namespace mcpgw::store
