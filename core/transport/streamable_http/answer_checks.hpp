#pragma once

#include <algorithm>
#include <cctype>
#include <string>

#include "core/jsonrpc/message.hpp"

namespace mcpgw::transport::streamable_http {

// What the client makes of the answers it gets.

/// Whether `message` is the answer (result or error) to the request with id `awaited`.
inline bool is_answer(const jsonrpc::Json& message, const jsonrpc::Json& awaited) {
  if (awaited.is_null() || !message.is_object()) return false;
  auto id = message.find("id");
  return id != message.end() && *id == awaited && !message.contains("method");
}

// 2025-06-18 transports, session management: an ended session is 404; the TypeScript SDK's
// example servers answer 400 "No valid session ID" instead, so that counts too.
inline bool session_refused(int status, const jsonrpc::Json& reply) {
  if (status == 404) return true;
  if (status != 400 || !reply.is_object() || !reply.contains("error") || !reply["error"].is_object()) return false;
  const auto& text = reply["error"].value("message", jsonrpc::Json());  // a server's body: any type
  if (!text.is_string()) return false;
  std::string message = text.get<std::string>();
  std::transform(message.begin(), message.end(), message.begin(), [](unsigned char c) { return std::tolower(c); });
  return message.find("session") != std::string::npos;
}

}  // namespace mcpgw::transport::streamable_http
