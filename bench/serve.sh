#!/usr/bin/env bash
# usage: bash bench/serve.sh [build-dir]     (from the repo root; build-dir defaults to build)
#
# What `mcpgw serve` costs on the hot path: tools/call on a virtual server, through serve to a
# fast upstream (the echo_server fixture behind `mcpgw translate`), against the same upstream
# called directly, in the same run; the same echo_server as a stdio gateway of serve, against
# `mcpgw translate` serving it (the "direct" row: same child, same client); then a catalog of
# 1,001 tools: registration time and tools/list. Auth is on, as by default. Prints a table; it
# is not a test.
#
# Environment: BENCH_DURATION (wrk -d, default 10s), BENCH_WARMUP (default 2s),
# BENCH_CONNECTIONS (wrk -c, default 16), BENCH_THREADS (wrk -t, default 1),
# BENCH_TOOLS (extra upstream tools for the catalog part, default 1000).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(cd "${1:-build}" 2>/dev/null && pwd) || { echo "usage: bash bench/serve.sh [build-dir]" >&2; exit 1; }
source "$root/bench/lib.sh"
duration=${BENCH_DURATION:-10s}
warmup=${BENCH_WARMUP:-2s}
connections=${BENCH_CONNECTIONS:-16}
threads=${BENCH_THREADS:-1}
extra_tools=${BENCH_TOOLS:-1000}

mcpgw=$build/mcpgw
echo_server=$build/echo_server
for f in "$mcpgw" "$echo_server"; do [[ -x $f ]] || bench_fail "$f is missing: build the project first"; done
command -v wrk >/dev/null || bench_fail "wrk is missing (apt-get install wrk)"

source "$root/bench/serve_lib.sh"

# The fast upstream, called directly.
up_port=$(free_port)
start upstream "$mcpgw" translate --stdio "$echo_server" --port "$up_port" --log-level warn
upstream_pid=$last_pid
wait_http "http://127.0.0.1:$up_port/mcp" "$upstream_pid" "$work/upstream.log"
echo "measuring the upstream directly ..." >&2
measure direct "http://127.0.0.1:$up_port/mcp" "$upstream_pid" call.lua

# serve in front of it, with a virtual server holding its echo tool under the same name.
serve_port=$(free_port)
serve_url=http://127.0.0.1:$serve_port
mkdir "$work/serve"
started=$(date +%s%N)
(cd "$work/serve" && HEALTH_CHECK_INTERVAL=3600 exec "$mcpgw" serve --port "$serve_port" --log-level warn) \
  >"$work/serve.log" 2>&1 &
serve_pid=$!
pids+=("$serve_pid")
for _ in $(seq 150); do
  [[ $(curl -s -o /dev/null -w '%{http_code}' "$serve_url/ready" || true) == 200 ]] && break
  kill -0 "$serve_pid" 2>/dev/null || { cat "$work/serve.log" >&2; bench_fail "serve exited"; }
  sleep 0.01
done
ready_ms=$((($(date +%s%N) - started) / 1000000))
# An admin token: the benchmark registers a gateway and a virtual server.
token=$(cd "$work/serve" && "$mcpgw" token --username bench --admin 2>/dev/null)
api POST /gateways '{"name":"fast","url":"http://127.0.0.1:'$up_port'/mcp","tool_prefix":""}' >/dev/null
server_id=$(api POST /servers '{"name":"bench","associated_tools":["echo"]}' | json_field "['id']")
echo "measuring serve (virtual server $server_id) ..." >&2
measure serve "$serve_url/servers/$server_id/mcp" "$serve_pid" call.lua "Bearer $token"

# The same child as a stdio gateway that serve runs itself: serve's own cost against translate's.
api POST /gateways '{"name":"local","command":"'"$echo_server"'"}' >/dev/null
local_id=$(api POST /servers '{"name":"bench-stdio","associated_tools":["local-echo"]}' | json_field "['id']")
echo "measuring serve with a stdio gateway (virtual server $local_id) ..." >&2
TOOL=local-echo measure serve-stdio "$serve_url/servers/$local_id/mcp" "$serve_pid" call.lua "Bearer $token"

# A large catalog: a second upstream with many tools.
big_port=$(free_port)
# --env: a child sees only an allow-list of mcpgw's environment, plus what is given to it.
start big "$mcpgw" translate --stdio "$echo_server" --env "ECHO_EXTRA_TOOLS=$extra_tools" --port "$big_port" --log-level warn
wait_http "http://127.0.0.1:$big_port/mcp" "$last_pid" "$work/big.log"
t0=$(date +%s%N)
registered=$(api POST /gateways '{"name":"big","url":"http://127.0.0.1:'$big_port'/mcp"}')
register_ms=$((($(date +%s%N) - t0) / 1000000))
total_tools=$(api GET '/tools?limit=0' | json_field ".__len__()")
echo "measuring tools/list with $total_tools tools ..." >&2
measure serve-list "$serve_url/mcp" "$serve_pid" list.lua "Bearer $token"
t0=$(date +%s%N)
pages=$(AUTH="Bearer $token" python3 - "$serve_url/mcp" <<'PY'
import json, os, sys, urllib.request
url = sys.argv[1]
head = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream",
        "Authorization": os.environ["AUTH"], "MCP-Protocol-Version": "2025-11-25"}
def post(body, sid=None):
    h = dict(head)
    if sid: h["Mcp-Session-Id"] = sid
    r = urllib.request.urlopen(urllib.request.Request(url, json.dumps(body).encode(), h))
    text = r.read().decode()
    data = [l[5:].strip() for l in text.splitlines() if l.startswith("data:") and l[5:].strip()]
    body = data[-1] if data else text
    return r.headers.get("Mcp-Session-Id"), json.loads(body) if body.strip() else None
sid, _ = post({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "bench", "version": "1"}}})
post({"jsonrpc": "2.0", "method": "notifications/initialized"}, sid)
cursor, pages, tools = None, 0, 0
while True:
    params = {"cursor": cursor} if cursor else {}
    _, reply = post({"jsonrpc": "2.0", "id": pages + 1, "method": "tools/list", "params": params}, sid)
    pages += 1
    tools += len(reply["result"]["tools"])
    cursor = reply["result"].get("nextCursor")
    if not cursor: break
print(pages, tools)
PY
)
all_pages_ms=$((($(date +%s%N) - t0) / 1000000))

echo
awk '
  BEGIN { printf "%-12s %8s %8s %8s %12s %12s %7s\n", "target", "req/s", "p50 ms", "p99 ms", "peak RSS MB",
          "CPU us/req", "errors" }
  { printf "%-12s %8s %8s %8s %12s %12s %7s\n", $1, $2, $3, $4, $5, $6, $7; rps[$1] = $2; p50[$1] = $3 }
  { cpu[$1] = $6 }
  END { if (rps["direct"] > 0) printf "\nserve / direct throughput: %.2fx; serve adds %.2f ms at p50\n",
          rps["serve"] / rps["direct"], p50["serve"] - p50["direct"]
        if (cpu["direct"] > 0 && cpu["serve-stdio"] > 0)
          printf "serve-stdio / translate (direct) CPU per call: %.2fx\n", cpu["serve-stdio"] / cpu["direct"] }
' "$work/rows"
echo "serve ready after ${ready_ms} ms (empty database)"
echo "registering an upstream with $((extra_tools + 1)) tools (connect, discover, store): ${register_ms} ms"
echo "tools/list of all $total_tools tools over MCP, every page (pages, tools: $pages): ${all_pages_ms} ms"
