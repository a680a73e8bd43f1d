#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/store/records.hpp"
#include "core/store/sqlite_statement.hpp"

namespace mcpgw::store {

/// Binds a record's fields to ?1, ?2, ... in column order, in the encodings of the schema
/// (0001_initial_schema.cpp): JSON as TEXT, string lists as JSON arrays, times as INTEGER
/// milliseconds, an empty gateway_id as NULL.
class RowWriter {
 public:
  explicit RowWriter(SqliteStatement& statement) : statement_(statement) {}
  RowWriter& text(const std::string& value);
  RowWriter& optional_text(const std::optional<std::string>& value);
  RowWriter& integer(std::int64_t value);
  RowWriter& optional_integer(const std::optional<std::int64_t>& value);
  RowWriter& boolean(bool value);
  RowWriter& json(const nlohmann::json& value);  // null binds NULL
  RowWriter& list(const std::vector<std::string>& value);
  RowWriter& time(Timestamp value);
  RowWriter& gateway_id(const std::string& value);

 private:
  SqliteStatement& statement_;
  int next_ = 1;
};

/// Reads the current row's columns in order, from `first`, undoing RowWriter's encodings.
class RowReader {
 public:
  RowReader(const SqliteStatement& statement, int first) : statement_(statement), next_(first) {}
  std::string text();
  std::optional<std::string> optional_text();
  std::int64_t integer();
  std::optional<std::int64_t> optional_integer();
  bool boolean();
  nlohmann::json json();  // NULL reads as null
  std::vector<std::string> list();
  Timestamp time();
  std::string gateway_id();

 private:
  const SqliteStatement& statement_;
  int next_;
};

}  // namespace mcpgw::store
