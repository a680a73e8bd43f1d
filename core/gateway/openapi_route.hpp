#pragma once

#include "core/gateway/federation.hpp"
#include "core/http/exchange.hpp"

namespace mcpgw::gateway {

/// POST /tools/openapi: one REST tool per operation of an OpenAPI 3.0 or 3.1 document
/// (rest::tools_from_openapi says how). The body:
///   {"spec": <the document: an object, or JSON or YAML text>} or {"url": "<http(s) URL to GET it from>"},
///   "base_url", "name_prefix", "include": [operationId...], "dry_run": bool,
///   "conflict_strategy": "fail" (default) | "skip", and what every tool shares as in POST /tools:
///   "headers", "tags", "timeout_ms", credentials ("auth_type"..., or nested under "auth").
/// Answers: 201 {"created": [tool...], "skipped": [{"operation", "name", "reason"}], "warnings": [...]},
/// storing every tool or none; with dry_run 200 {"dry_run": true, "tools": [{"name", "operation",
/// "request_type", "url", "description", "input_schema", "output_schema", "query_mapping",
/// "header_mapping"}], "skipped", "warnings"}, storing nothing. 422 for a body or document that
/// cannot be imported (naming what is wrong), 409 naming the tools whose names exist already,
/// and for a fetched document 403 (destination policy), 502 or 504 (its server). The front
/// has already checked that the caller is an admin. Runs on the network executor.
awaitable<void> import_openapi(http::Exchange& exchange, Federation& federation);

}  // namespace mcpgw::gateway
