#!/usr/bin/env bash
# usage: bench/mcpinit.sh URL
# Opens an MCP session on a streamable HTTP endpoint (initialize, then notifications/initialized)
# and prints its Mcp-Session-Id. Exits 1 with the server's answer when the handshake fails.
# AUTH, when set, is sent as the Authorization header.
set -euo pipefail

url=${1:?usage: bench/mcpinit.sh URL}
version=2025-06-18
headers=$(mktemp)
body=$(mktemp)
trap 'rm -f "$headers" "$body"' EXIT

auth=()
[[ -n ${AUTH:-} ]] && auth=(-H "Authorization: $AUTH")

post() {  # post JSON [extra curl args...] -> prints the HTTP status
  local json=$1
  shift
  curl -sS --max-time 10 -o "$body" -w '%{http_code}' -X POST "$url" \
    -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
    "${auth[@]}" "$@" -d "$json"
}

status=$(post '{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"'$version'","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}' \
  -D "$headers")
sid=$(grep -i '^mcp-session-id:' "$headers" | awk '{print $2}' | tr -d '\r')
if [[ $status != 200 || -z $sid ]]; then
  echo "mcpinit: initialize at $url failed (HTTP $status, session '${sid}'):" >&2
  cat "$body" >&2
  exit 1
fi

status=$(post '{"jsonrpc":"2.0","method":"notifications/initialized"}' \
  -H "Mcp-Session-Id: $sid" -H "MCP-Protocol-Version: $version")
if [[ $status != 2* ]]; then
  echo "mcpinit: notifications/initialized at $url failed (HTTP $status):" >&2
  cat "$body" >&2
  exit 1
fi
echo "$sid"
