#pragma once

#include <string>

namespace mcpgw::session {

/// A new session id: 128 bits from the system CSPRNG as 32 hex characters (visible ASCII, as the
/// transports require; unguessable, since a session id must never be predictable).
std::string new_session_id();

}  // namespace mcpgw::session
