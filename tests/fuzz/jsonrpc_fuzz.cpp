// Fuzzes the JSON-RPC reader as every transport uses it: parse + classify one message text, then
// what the gateway does with a message (batch elements, the 2026-07-28 _meta and header checks,
// era bridging) and the one serialization each answer gets.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string_view>

#include "core/jsonrpc/message.hpp"
#include "core/protocol/era_mapping.hpp"
#include "core/protocol/modern.hpp"

using namespace mcpgw;
using jsonrpc::Json;

namespace {

// The request-side steps a gateway takes with one classified message.
void route(Json message) {
  auto kind = jsonrpc::classify(message);
  if (kind == jsonrpc::Kind::invalid) return;
  std::string_view method = jsonrpc::method_of(message);
  (void)protocol::meta_protocol_version(message);
  (void)protocol::meta_client_capabilities(message);
  (void)protocol::mcp_name_of(message);
  (void)protocol::check_modern_http_request(message, [&](std::string_view name) -> std::string_view {
    return name == "Mcp-Method" ? method : std::string_view{};
  });
  if (kind == jsonrpc::Kind::request && method == "initialize") {
    (void)protocol::context_from_initialize(message);
  }
  if (kind == jsonrpc::Kind::response) {
    (void)protocol::classify_discover_reply(message);
    if (auto result = message.find("result"); result != message.end() && result->is_object()) {
      (void)protocol::is_input_required(*result);
      Json modern = *result;
      protocol::to_modern_result(method, modern, Json::object(), 1000);
      (void)modern.dump();
      (void)protocol::initialize_result_from_discover(*result, "2025-06-18");
      (void)protocol::discover_from_initialize(*result, 1000);
    }
    if (auto error = message.find("error"); error != message.end()) {
      Json modern = *error;
      protocol::to_modern_error(modern);
    }
  }
  Json legacy = message;
  protocol::strip_modern_meta(legacy);
  (void)jsonrpc::id_key(message.value("id", Json()));
  (void)legacy.dump();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Json error;
  auto message = jsonrpc::parse(text, error);
  if (!message) {
    (void)error.dump();
    return 0;
  }
  // A shape a step does not expect throws, and the gateway answers that request with an error;
  // only crashes, leaks and undefined behaviour are faults here.
  try {
    if (message->is_array()) {
      for (const Json& element : *message) route(element);
    } else {
      route(std::move(*message));
    }
  } catch (const std::exception&) {
  }
  return 0;
}
