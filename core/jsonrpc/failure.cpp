#include "core/jsonrpc/failure.hpp"

#include <array>
#include <cstddef>

namespace mcpgw::jsonrpc {

namespace {

struct Entry {
  Failure failure;
  FailureRow row;
};

// -32000 and -32001 are what the TypeScript SDK's servers send for transport refusals and
// unknown sessions, and what clients built on it look for; the kinds that share them differ in
// HTTP status or reason. One entry per Failure, in the enum's order (checked below).
constexpr std::array kTable = {
    Entry{Failure::parse_error, {code::parse_error, 400, ""}},
    Entry{Failure::invalid_request, {code::invalid_request, 400, ""}},
    Entry{Failure::method_not_found, {code::method_not_found, 404, ""}},
    Entry{Failure::invalid_params, {code::invalid_params, 400, ""}},
    Entry{Failure::internal_error, {code::internal_error, 500, ""}},
    Entry{Failure::upstream_failed, {code::server_error, 502, kHopFailed}},
    Entry{Failure::upstream_closed, {code::server_error, 502, kUpstreamClosed}},
    Entry{Failure::timed_out, {code::server_error_timeout, 504, ""}},
    Entry{Failure::session_not_found, {code::server_error_timeout, 404, ""}},
    Entry{Failure::session_required, {code::server_error, 400, ""}},
    Entry{Failure::not_acceptable, {code::server_error, 406, ""}},
    Entry{Failure::unsupported_media_type, {code::server_error, 415, ""}},
    Entry{Failure::stream_taken, {code::server_error, 409, ""}},
    Entry{Failure::origin_rejected, {code::server_error, 403, ""}},
    Entry{Failure::too_many_sessions, {code::server_error, 503, ""}},
    Entry{Failure::unavailable, {code::server_error, 503, ""}},
    Entry{Failure::resource_not_found, {code::resource_not_found_legacy, 404, ""}},
    Entry{Failure::circuit_open, {code::circuit_open, 503, "circuit_open"}},
    Entry{Failure::upstream_busy, {code::upstream_busy, 503, "busy"}},
    Entry{Failure::rate_limited, {code::rate_limited, 429, "rate_limited"}},
    Entry{Failure::header_mismatch, {code::header_mismatch, 400, ""}},
    Entry{Failure::missing_client_capability, {code::missing_client_capability, 400, ""}},
    Entry{Failure::unsupported_protocol_version, {code::unsupported_protocol_version, 400, ""}},
};

constexpr bool in_enum_order() {
  bool ordered = kTable.size() == static_cast<std::size_t>(Failure::unsupported_protocol_version) + 1;
  for (std::size_t i = 0; i < kTable.size(); ++i) ordered = ordered && static_cast<std::size_t>(kTable[i].failure) == i;
  return ordered;
}
static_assert(in_enum_order(), "one entry per Failure, in the enum's order");

}  // namespace

const FailureRow& row_of(Failure failure) { return kTable[static_cast<std::size_t>(failure)].row; }

Json error_object(Failure failure, std::string_view message, Json data) {
  const FailureRow& row = row_of(failure);
  Json error = {{"code", row.code}, {"message", message}};
  if (!row.reason.empty()) {
    if (!data.is_object()) data = Json::object();
    if (!data.contains("reason")) data["reason"] = row.reason;
  }
  if (!data.is_null()) error["data"] = std::move(data);
  return error;
}

Json make_failure(const Json& id, Failure failure, std::string_view message, Json data) {
  return Json{{"jsonrpc", "2.0"}, {"id", id}, {"error", error_object(failure, message, std::move(data))}};
}

std::string_view reason_of(const Json& error) {
  if (!error.is_object()) return {};
  auto data = error.find("data");
  if (data == error.end() || !data->is_object()) return {};
  auto reason = data->find("reason");
  if (reason == data->end() || !reason->is_string()) return {};
  return reason->get_ref<const std::string&>();
}

}  // namespace mcpgw::jsonrpc
