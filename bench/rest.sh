#!/usr/bin/env bash
# usage: bash bench/rest.sh [build-dir]     (from the repo root; build-dir defaults to build)
#
# What a REST tool costs: tools/call through `mcpgw serve` (a virtual server holding a REST tool
# with a jq filter and an input schema) to a fast local HTTP API, against the same API called
# directly with wrk, in the same run. Prints a table: calls/s, p50/p99, peak RSS, CPU µs per
# call (serve's own process), and what serve adds at p50; then the same with rate limits, the
# circuit breaker and call slots on ("guarded"), for their cost. It is not a test.
#
# Environment: BENCH_DURATION (wrk -d, default 10s), BENCH_WARMUP (default 2s),
# BENCH_CONNECTIONS (wrk -c, default 16), BENCH_THREADS (wrk -t, default 1).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(cd "${1:-build}" 2>/dev/null && pwd) || { echo "usage: bash bench/rest.sh [build-dir]" >&2; exit 1; }
source "$root/bench/lib.sh"
duration=${BENCH_DURATION:-10s}
warmup=${BENCH_WARMUP:-2s}
connections=${BENCH_CONNECTIONS:-16}
threads=${BENCH_THREADS:-1}

mcpgw=$build/mcpgw
[[ -x $mcpgw ]] || bench_fail "$mcpgw is missing: build the project first"
command -v wrk >/dev/null || bench_fail "wrk is missing (apt-get install wrk)"
command -v node >/dev/null || bench_fail "node is missing"
source "$root/bench/serve_lib.sh"

# The API, called directly: the same GET the tool makes.
api_port=$(free_port)
PORT=$api_port start api node "$root/bench/rest_api_fast.mjs"
api_pid=$last_pid
wait_http "http://127.0.0.1:$api_port/echo" "$api_pid" "$work/api.log"
echo "measuring the API directly ..." >&2
wrk -t"$threads" -c"$connections" -d"$warmup" "http://127.0.0.1:$api_port/echo?message=hi" >/dev/null
ticks=$(cpu_ticks "$api_pid")
wrk -t"$threads" -c"$connections" -d"$duration" --latency "http://127.0.0.1:$api_port/echo?message=hi" >"$work/direct.wrk"
cpu=$(awk -v ticks=$(($(cpu_ticks "$api_pid") - ticks)) -v hz="$(getconf CLK_TCK)" \
  '/ requests in / { if ($1 > 0) printf "%.0f", ticks / hz * 1e6 / $1 }' "$work/direct.wrk")
printf '%s %s %s %s %s %s %s\n' direct "$(requests_per_second "$work/direct.wrk")" "$(percentile_ms "$work/direct.wrk" 50%)" \
  "$(percentile_ms "$work/direct.wrk" 99%)" "$(peak_rss_mb "$api_pid")" "${cpu:-?}" "$(error_count "$work/direct.wrk")" >>"$work/rows"

# serve with a REST tool named echo (call.lua calls "echo" and wants the text "hi" back), run
# four times: "serve" with every guard off, "guarded" with rate limits (never reached), the circuit
# breaker and call slots on, to show what they cost on the hot path.
serve_with() {  # serve_with NAME ENV...: starts serve with ENV, registers the tool, measures
  local name=$1
  shift
  serve_port=$(free_port)
  serve_url=http://127.0.0.1:$serve_port
  local dir
  dir=$(mktemp -d "$work/$name.XXXX")
  (cd "$dir" && env HEALTH_CHECK_INTERVAL=3600 "$@" "$mcpgw" serve --port "$serve_port" --log-level warn) \
    >"$work/$name.log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  wait_http "$serve_url/ready" "$pid" "$work/$name.log"
  token=$(cd "$dir" && "$mcpgw" token --username bench --admin 2>/dev/null)
  api POST /tools '{"integration_type":"REST","name":"echo","url":"http://127.0.0.1:'$api_port'/echo","request_type":"GET",
    "input_schema":{"type":"object","properties":{"message":{"type":"string"}},"required":["message"]},
    "jsonpath_filter":".message"}' >/dev/null
  local server_id
  server_id=$(api POST /servers '{"name":"bench","associated_tools":["echo"]}' | json_field "['id']")
  echo "measuring $name (virtual server $server_id, REST tool) ..." >&2
  measure "$name" "$serve_url/servers/$server_id/mcp" "$pid" call.lua "Bearer $token"
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
unguarded=(CIRCUIT_BREAKER_FAILURE_THRESHOLD=0 RATE_LIMITING_ENABLED=false MAX_CONCURRENT_CALLS_PER_GATEWAY=0)
guarded=(CIRCUIT_BREAKER_FAILURE_THRESHOLD=5 RATE_LIMITING_ENABLED=true RATE_LIMIT_PER_USER_RPM=1000000
  TOOL_RATE_LIMIT=1000000 MAX_CONCURRENT_CALLS_PER_GATEWAY=1000)
# A-B-B-A, so that drift over the run (the API warming up, the machine's load) falls on both.
serve_with serve "${unguarded[@]}"
serve_with guarded "${guarded[@]}"
serve_with guarded "${guarded[@]}"
serve_with serve "${unguarded[@]}"

echo
awk '
  BEGIN { printf "%-8s %8s %8s %8s %12s %12s %7s\n", "target", "calls/s", "p50 ms", "p99 ms", "peak RSS MB",
          "CPU us/call", "errors" }
  { printf "%-8s %8s %8s %8s %12s %12s %7s\n", $1, $2, $3, $4, $5, $6, $7
    n[$1]++; rps[$1] += $2; p50[$1] += $3; p99[$1] += $4; cpu[$1] += $6 }
  END {
    for (t in n) { rps[t] /= n[t]; p50[t] /= n[t]; p99[t] /= n[t]; cpu[t] /= n[t] }
    if (rps["direct"] > 0) printf "\nserve / direct throughput: %.2fx; serve adds %.2f ms at p50, %.2f ms at p99\n",
      rps["serve"] / rps["direct"], p50["serve"] - p50["direct"], p99["serve"] - p99["direct"]
    if (rps["serve"] > 0) printf "guarded / serve (means of 2 runs each, A-B-B-A): throughput %.3fx, CPU per call %.3fx\n",
      rps["guarded"] / rps["serve"], cpu["guarded"] / cpu["serve"] }
' "$work/rows"
echo "CPU us/call: the measured process only (the API for direct, serve for serve)"
