#pragma once

#include <nlohmann/json.hpp>

#include "commands/register.hpp"
#include "core/admin/entity_kind.hpp"
#include "core/admin/table.hpp"

namespace mcpgw::commands {

/// `records` (as the REST API lists them) on stdout: a table whose columns suit `kind`, cut
/// to the terminal's width, header bold on a terminal unless NO_COLOR; or JSON/YAML; or with
/// -q one id a line.
void print_records(admin::EntityKind kind, const nlohmann::json& records, const TargetOptions& options);

/// One value on stdout: JSON or YAML as asked; for a table, YAML (readable, and parseable).
/// With -q only its "id" (or "server_id").
void print_value(const nlohmann::json& value, const TargetOptions& options);

/// A table on stdout, fitted as print_records fits its own.
void print_table(const admin::Table& table);

/// `value[key]` as text: a string as it is, null as "", anything else as JSON.
std::string text_of(const nlohmann::json& value, const char* key);

}  // namespace mcpgw::commands
