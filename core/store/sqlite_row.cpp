#include "core/store/sqlite_row.hpp"

#include "core/jsonrpc/json_reader.hpp"

namespace mcpgw::store {

RowWriter& RowWriter::text(const std::string& value) {
  statement_.bind(next_++, std::string_view(value));
  return *this;
}

RowWriter& RowWriter::optional_text(const std::optional<std::string>& value) {
  statement_.bind(next_++, value);
  return *this;
}

RowWriter& RowWriter::integer(std::int64_t value) {
  statement_.bind(next_++, value);
  return *this;
}

RowWriter& RowWriter::optional_integer(const std::optional<std::int64_t>& value) {
  if (value) return integer(*value);
  statement_.bind_null(next_++);
  return *this;
}

RowWriter& RowWriter::boolean(bool value) { return integer(value ? 1 : 0); }

RowWriter& RowWriter::json(const nlohmann::json& value) {
  if (value.is_null()) {
    statement_.bind_null(next_++);
    return *this;
  }
  return text(value.dump());
}

RowWriter& RowWriter::list(const std::vector<std::string>& value) {
  return text(nlohmann::json(value).dump());
}

RowWriter& RowWriter::time(Timestamp value) { return integer(value.time_since_epoch().count()); }

RowWriter& RowWriter::gateway_id(const std::string& value) {
  return optional_text(value.empty() ? std::nullopt : std::optional(value));
}

std::string RowReader::text() { return statement_.text(next_++); }

std::optional<std::string> RowReader::optional_text() {
  if (statement_.is_null(next_)) {
    ++next_;
    return std::nullopt;
  }
  return text();
}

std::int64_t RowReader::integer() { return statement_.integer(next_++); }

std::optional<std::int64_t> RowReader::optional_integer() {
  if (statement_.is_null(next_)) {
    ++next_;
    return std::nullopt;
  }
  return integer();
}

bool RowReader::boolean() { return integer() != 0; }

nlohmann::json RowReader::json() {
  auto text = optional_text();
  if (!text) return nullptr;
  auto value = jsonrpc::read_json(*text);
  return value.is_discarded() ? nlohmann::json() : value;
}

std::vector<std::string> RowReader::list() {
  std::vector<std::string> out;
  for (const auto& item : json()) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

Timestamp RowReader::time() { return Timestamp(std::chrono::milliseconds(integer())); }

std::string RowReader::gateway_id() { return optional_text().value_or(""); }

}  // namespace mcpgw::store
