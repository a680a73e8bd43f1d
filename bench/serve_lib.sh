# Shared by bench/serve.sh and bench/rest.sh; `source` it after lib.sh, with $root, $threads,
# $connections, $warmup and $duration set. Sets up $work (removed at exit) and stops every
# process started with `start` when the script ends. `api` needs $serve_url and $token.
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  sleep 0.5
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start NAME COMMAND...: runs it in the background (log in $work/NAME.log); sets $last_pid.
start() {
  local name=$1
  shift
  "$@" >"$work/$name.log" 2>&1 &
  last_pid=$!
  pids+=("$last_pid")
}

# measure NAME URL PID SCRIPT [AUTH]: opens a session, warms up, loads with wrk; appends a row.
measure() {
  local name=$1 url=$2 pid=$3 script=$4 auth=${5:-}
  local sid
  sid=$(AUTH=$auth bash "$root/bench/mcpinit.sh" "$url") || bench_fail "$name: could not open a session"
  AUTH=$auth SID=$sid ID_BASE=0 wrk -t"$threads" -c"$connections" -d"$warmup" -s "$root/bench/$script" "$url" >/dev/null
  local out=$work/$name.wrk ticks
  ticks=$(cpu_ticks "$pid")
  AUTH=$auth SID=$sid ID_BASE=1000000000 wrk -t"$threads" -c"$connections" -d"$duration" --latency \
    -s "$root/bench/$script" "$url" >"$out"
  local cpu
  cpu=$(awk -v ticks=$(($(cpu_ticks "$pid") - ticks)) -v hz="$(getconf CLK_TCK)" \
    '/ requests in / { if ($1 > 0) printf "%.0f", ticks / hz * 1e6 / $1 }' "$out")
  printf '%s %s %s %s %s %s %s\n' "$name" "$(requests_per_second "$out")" "$(percentile_ms "$out" 50%)" \
    "$(percentile_ms "$out" 99%)" "$(peak_rss_mb "$pid")" "${cpu:-?}" "$(error_count "$out")" >>"$work/rows"
}

api() {  # api METHOD PATH [JSON]: prints the body; fails on a non-2xx status
  local method=$1 path=$2 body=${3:-}
  local out=$work/api.out status
  status=$(curl -sS --max-time 120 -o "$out" -w '%{http_code}' -X "$method" "$serve_url$path" \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/json' ${body:+-d "$body"})
  [[ $status == 2* ]] || { cat "$out" >&2; bench_fail "$method $path: HTTP $status"; }
  cat "$out"
}

json_field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

