#!/usr/bin/env bash
# usage: bash bench/wrapper.sh [build-dir]     (from the repo root; build-dir defaults to build)
#
# Latency of a tools/call through `mcpgw wrapper` against the same call posted straight to the
# server, beside mcp-remote, in one run. The server is `mcpgw translate` in front of the
# echo_server fixture, on loopback. Each row is one client (bench/call_latency.mjs) sending
# BENCH_CALLS sequential tools/call echo requests (after BENCH_WARMUP more) and timing each;
# the stdio rows also report the bridge's peak RSS (VmHWM). Prints a table; it is not a test.
#
# Environment: BENCH_CALLS (default 5000), BENCH_WARMUP (default 500),
# BENCH_ROWS (default "direct-modern wrapper direct-legacy wrapper-legacy mcp-remote").
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(cd "${1:-build}" 2>/dev/null && pwd) || { echo "usage: bash bench/wrapper.sh [build-dir]" >&2; exit 1; }
calls=${BENCH_CALLS:-5000}
warmup=${BENCH_WARMUP:-500}
rows=${BENCH_ROWS:-"direct-modern wrapper direct-legacy wrapper-legacy mcp-remote"}

mcpgw=$build/mcpgw
upstream=$build/echo_server
mcp_remote=$root/tests/e2e/node_modules/mcp-remote/dist/proxy.js
driver=$root/bench/call_latency.mjs

fail() {
  echo "wrapper.sh: $*" >&2
  exit 1
}

for f in "$mcpgw" "$upstream"; do
  [[ -x $f ]] || fail "$f is missing: build the project first"
done
[[ -f $mcp_remote ]] || fail "$mcp_remote is missing: run (cd tests/e2e && npm ci)"
command -v node >/dev/null || fail "node is missing"

work=$(mktemp -d)
server_pid=
stop_server() {
  [[ -n $server_pid ]] || return 0
  kill -TERM "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=
}
trap 'stop_server; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

# The server: translate on a free port (it prints the one it got), in front of echo_server.
"$mcpgw" translate --stdio "$upstream" --port 0 --log-level info 2>"$work/translate.log" &
server_pid=$!
for _ in $(seq 100); do
  port=$(sed -n 's/.*event=listening address=[^ ]*:\([0-9]*\).*/\1/p' "$work/translate.log")
  [[ -n $port ]] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/translate.log" >&2; fail "translate exited at startup"; }
  sleep 0.1
done
[[ -n ${port:-} ]] || fail "translate did not listen within 10 s"
url=http://127.0.0.1:$port/mcp

# run_row NAME MODE ARGS...: one client run; appends "NAME p50 p99 mean rss" to $work/rows.
run_row() {
  local name=$1
  shift
  local out
  out=$(node "$driver" "$calls" "$warmup" "$@") || fail "$name: the client failed"
  node -e '
    const r = JSON.parse(process.argv[1]);
    const f = (v) => v === null ? "-" : v.toFixed(3);
    console.log([process.argv[2], f(r.p50_ms), f(r.p99_ms), f(r.mean_ms), r.peak_rss_mb === null ? "-" : r.peak_rss_mb.toFixed(1)].join(" "));
  ' "$out" "$name" >>"$work/rows"
}

echo "server: mcpgw translate --stdio echo_server at $url; $calls calls after $warmup warm-up, one at a time" >&2
for row in $rows; do
  echo "measuring $row ..." >&2
  case $row in
    direct-modern) run_row "$row" http "$url" modern ;;
    direct-legacy) run_row "$row" http "$url" legacy ;;
    wrapper) MCP_SERVER_URL=$url MCP_WRAPPER_LOG_LEVEL=ERROR run_row "$row" stdio "$mcpgw" wrapper ;;
    wrapper-legacy) MCP_SERVER_URL=$url MCP_WRAPPER_LOG_LEVEL=ERROR run_row "$row" stdio "$mcpgw" wrapper --era legacy ;;
    mcp-remote)
      MCP_REMOTE_CONFIG_DIR=$work/mcp-auth run_row "$row" stdio node "$mcp_remote" "$url" --allow-http \
        2>>"$work/mcp-remote.log" ;;
    *) fail "unknown row '$row' (known: direct-modern wrapper direct-legacy wrapper-legacy mcp-remote)" ;;
  esac
done

echo
awk '
  BEGIN { printf "%-16s %9s %9s %9s %12s\n", "client", "p50 ms", "p99 ms", "mean ms", "peak RSS MB" }
  { printf "%-16s %9s %9s %9s %12s\n", $1, $2, $3, $4, $5; p50[$1] = $2 }
  END {
    if ("wrapper" in p50 && "direct-modern" in p50)
      printf "\nwrapper adds %.3f ms at p50 (2026-07-28 era, against direct-modern)\n", p50["wrapper"] - p50["direct-modern"]
    if ("wrapper-legacy" in p50 && "direct-legacy" in p50)
      printf "wrapper adds %.3f ms at p50 (legacy era, against direct-legacy)\n", p50["wrapper-legacy"] - p50["direct-legacy"]
    if ("mcp-remote" in p50 && "direct-legacy" in p50)
      printf "mcp-remote adds %.3f ms at p50 (against direct-legacy)\n", p50["mcp-remote"] - p50["direct-legacy"]
  }
' "$work/rows"
