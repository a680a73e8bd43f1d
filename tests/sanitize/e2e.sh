#!/usr/bin/env bash
# Runs end-to-end suites against the sanitized mcpgw (build/sanitize), peers and fixtures from
# build/. Fails when a suite fails or when any mcpgw it started wrote a sanitizer report, such
# as a leak found at exit, which no test would notice.
#   tests/sanitize/e2e.sh translate.test.mjs serve.test.mjs
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
reports="$(mktemp -d)"
trap 'rm -rf "$reports"' EXIT
export MCPGW_BIN="${MCPGW_SANITIZE_DIR:-$root/build/sanitize}/mcpgw"
export MCPGW_BUILD_DIR="${MCPGW_BUILD_DIR:-$root/build}"
export ASAN_OPTIONS="detect_leaks=1:log_path=$reports/asan"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$reports/ubsan"
[ -x "$MCPGW_BIN" ] || { echo "e2e.sh: $MCPGW_BIN is not built (bash .ci/setup builds it)" >&2; exit 1; }
cd "$root/tests/e2e"
status=0
node --test --test-reporter=spec "$@" || status=$?
if [ -n "$(ls -A "$reports")" ]; then
  echo "e2e.sh: sanitizer reports from mcpgw:"
  cat "$reports"/*
  status=1
fi
exit $status
