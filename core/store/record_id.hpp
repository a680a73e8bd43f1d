#pragma once

#include <string>

namespace mcpgw::store {

/// A new record id: a random RFC 9562 version-4 UUID as 32 lower-case hex digits without
/// dashes, the form ContextForge uses (Python's uuid4().hex).
std::string new_record_id();

}  // namespace mcpgw::store
