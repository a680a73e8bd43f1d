#!/usr/bin/env bash
# usage: bash bench/translate.sh [build-dir]     (from the repo root; build-dir defaults to build)
#
# Throughput, latency and peak memory of `mcpgw translate` against supergateway and mcp-proxy,
# each bridging the same stdio upstream (the echo_server fixture) to streamable HTTP on loopback.
# For each bridge: start it, wait until it listens, open a session, check one tools/call, warm
# up, load it with wrk, read its peak RSS and the CPU time it spent per request, stop it.
# Prints a table; it is not a test.
#
# Environment: BENCH_DURATION (wrk -d, default 10s), BENCH_WARMUP (default 2s),
# BENCH_CONNECTIONS (wrk -c, default 16), BENCH_THREADS (wrk -t, default 1),
# BENCH_BRIDGES (names to run, default "mcpgw mcpgw-json supergateway mcp-proxy").
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(cd "${1:-build}" 2>/dev/null && pwd) || { echo "usage: bash bench/translate.sh [build-dir]" >&2; exit 1; }
duration=${BENCH_DURATION:-10s}
warmup=${BENCH_WARMUP:-2s}
connections=${BENCH_CONNECTIONS:-16}
threads=${BENCH_THREADS:-1}
bridges=${BENCH_BRIDGES:-"mcpgw mcpgw-json supergateway mcp-proxy"}

source "$root/bench/lib.sh"
mcpgw=$build/mcpgw
upstream=$build/echo_server
node_modules=$root/tests/e2e/node_modules
preload=$root/tests/e2e/lib/bind-localhost.cjs
supergateway=$node_modules/supergateway/dist/index.js
mcp_proxy=$node_modules/mcp-proxy/dist/bin/mcp-proxy.mjs

fail() {
  echo "translate.sh: $*" >&2
  exit 1
}

for f in "$mcpgw" "$upstream"; do
  [[ -x $f ]] || fail "$f is missing: build the project first"
done
for f in "$supergateway" "$mcp_proxy"; do
  [[ -f $f ]] || fail "$f is missing: run (cd tests/e2e && npm ci)"
done
command -v wrk >/dev/null || fail "wrk is missing (apt-get install wrk)"
command -v curl >/dev/null || fail "curl is missing"

work=$(mktemp -d)
bridge_pid=
child_pids=

# Stops the running bridge, then any upstream child it left behind, by PID.
stop_bridge() {
  [[ -n $bridge_pid ]] || return 0
  kill -TERM "$bridge_pid" 2>/dev/null || true
  for _ in $(seq 50); do
    kill -0 "$bridge_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$bridge_pid" 2>/dev/null || true
  wait "$bridge_pid" 2>/dev/null || true
  for pid in $child_pids; do kill -KILL "$pid" 2>/dev/null || true; done
  bridge_pid=
  child_pids=
}
trap 'stop_bridge; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

# The PIDs of a process's children, grandchildren and so on (supergateway runs the upstream
# through sh -c).
descendants() {
  local pid
  for pid in $(pgrep -P "$1" || true); do
    echo "$pid"
    descendants "$pid"
  done
}


# start_bridge NAME COMMAND...: runs the bridge in the background, output to $work/NAME.log.
start_bridge() {
  local name=$1
  shift
  "$@" >"$work/$name.log" 2>&1 &
  bridge_pid=$!
}

# One tools/call on the session must come back with the echoed text, as JSON or as SSE.
verify_echo() {
  local url=$1 sid=$2 name=$3
  local token="bench-check-$RANDOM$RANDOM"
  local body
  body=$(curl -sS --max-time 10 -X POST "$url" -H 'Content-Type: application/json' \
    -H 'Accept: application/json, text/event-stream' -H "Mcp-Session-Id: $sid" \
    -H 'MCP-Protocol-Version: 2025-06-18' \
    -d '{"jsonrpc":"2.0","id":"verify","method":"tools/call","params":{"name":"echo","arguments":{"message":"'$token'"}}}') ||
    fail "$name: tools/call failed"
  local json
  json=$(printf '%s\n' "$body" | sed -n 's/^data: *//p')
  [[ -n $json ]] || json=$body
  if ! grep -q '"id":"verify"' <<<"$json" || ! grep -qF '"text":"'$token'"' <<<"$json"; then
    fail "$name: tools/call did not echo '$token'; the answer was: $body"
  fi
}





# run_bridge NAME PATH COMMAND...: measures one bridge and appends its row to $work/rows.
run_bridge() {
  local name=$1 path=$2
  shift 2
  local port
  port=$(free_port)
  local url="http://127.0.0.1:$port$path"
  local -a command=("${@//@PORT@/$port}")

  start_bridge "$name" "${command[@]}"
  wait_http "$url" "$bridge_pid" "$work/$name.log"
  local sid
  sid=$(bash "$root/bench/mcpinit.sh" "$url") || fail "$name: could not open a session"
  child_pids=$(descendants "$bridge_pid")
  verify_echo "$url" "$sid" "$name"

  SID=$sid ID_BASE=0 wrk -t"$threads" -c"$connections" -d"$warmup" -s "$root/bench/call.lua" "$url" \
    >/dev/null
  local out=$work/$name.wrk
  local ticks_before
  ticks_before=$(cpu_ticks "$bridge_pid")
  SID=$sid ID_BASE=1000000000 wrk -t"$threads" -c"$connections" -d"$duration" --latency \
    -s "$root/bench/call.lua" "$url" >"$out"

  local rps p50 p99 rss errors cpu
  cpu=$(awk -v ticks=$(($(cpu_ticks "$bridge_pid") - ticks_before)) -v hz="$(getconf CLK_TCK)" \
    '/ requests in / { if ($1 > 0) printf "%.0f", ticks / hz * 1e6 / $1 }' "$out")
  rps=$(requests_per_second "$out")
  p50=$(percentile_ms "$out" 50%)
  p99=$(percentile_ms "$out" 99%)
  rss=$(peak_rss_mb "$bridge_pid")
  errors=$(error_count "$out")
  stop_bridge
  printf '%s %s %s %s %s %s %s\n' "$name" "${rps:-0}" "${p50:-?}" "${p99:-?}" "${rss:-?}" \
    "${cpu:-?}" "$errors" >>"$work/rows"
  if [[ $errors != 0 ]]; then
    echo "$name: wrk reported errors:" >&2
    grep -E 'Non-2xx|Socket errors|Bad bodies' "$out" >&2 || true
  fi
}

export NODE_OPTIONS="--require $preload"
echo "upstream: $upstream; wrk -t$threads -c$connections -d$duration (warm-up $warmup)" >&2
for bridge in $bridges; do
  echo "measuring $bridge ..." >&2
  case $bridge in
    mcpgw)
      run_bridge mcpgw /mcp "$mcpgw" translate --stdio "$upstream" --port @PORT@ --log-level warn ;;
    mcpgw-json)
      run_bridge mcpgw-json /mcp "$mcpgw" translate --stdio "$upstream" --port @PORT@ \
        --log-level warn --json-response ;;
    supergateway)
      run_bridge supergateway /mcp node "$supergateway" --stdio "$upstream" \
        --outputTransport streamableHttp --stateful --port @PORT@ --logLevel none ;;
    mcp-proxy)
      run_bridge mcp-proxy /mcp node "$mcp_proxy" --port @PORT@ --host 127.0.0.1 --server stream \
        -- "$upstream" ;;
    *) fail "unknown bridge '$bridge' (known: mcpgw mcpgw-json supergateway mcp-proxy)" ;;
  esac
done

echo
awk '
  BEGIN { printf "%-14s %8s %8s %8s %12s %12s %7s\n", "bridge", "req/s", "p50 ms", "p99 ms",
          "peak RSS MB", "CPU us/req", "errors" }
  { printf "%-14s %8s %8s %8s %12s %12s %7s\n", $1, $2, $3, $4, $5, $6, $7
    if ($1 == "mcpgw") ours = $2
    else if ($1 != "mcpgw-json" && $2 > best) { best = $2; peer = $1 } }
  END { if (ours && best) printf "\nmcpgw / best peer (%s) throughput: %.1fx\n", peer, ours / best }
' "$work/rows"
