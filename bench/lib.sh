# Shared helpers of the bench scripts; `source` it. Every function is pure shell + awk + curl.

bench_fail() {
  echo "$(basename "$0"): $*" >&2
  exit 1
}

# A loopback port nothing listens on.
free_port() {
  local port
  for _ in $(seq 100); do
    port=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  bench_fail "no free port found"
}

# wait_http URL PID LOG: waits until URL answers HTTP at all (any status), at most 15 s, while
# PID lives; shows LOG and fails otherwise.
wait_http() {
  local url=$1 pid=$2 log=$3
  for _ in $(seq 150); do
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; bench_fail "process $pid exited at startup"; }
    [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url" || true) != 000 ]] && return
    sleep 0.1
  done
  cat "$log" >&2
  bench_fail "nothing answered on $url within 15 s"
}

# Prints a wrk latency percentile ("50%" or "99%") in milliseconds.
percentile_ms() {
  awk -v p="$2" '$1 == p {
    v = $2; unit = v; sub(/^[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v)
    f = unit == "us" ? 0.001 : unit == "ms" ? 1 : unit == "s" ? 1000 : unit == "m" ? 60000 : 0
    printf "%.2f", v * f }' "$1"
}

# Errors wrk saw: non-2xx answers, socket errors, and 2xx answers the script judged bad.
error_count() {
  awk '/Non-2xx or 3xx responses:/ { n += $NF }
       /Socket errors:/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 }
       /^Bad bodies:/ { n += $NF }
       END { print n + 0 }' "$1"
}

# Peak resident memory of one process (not its children), in MB.
peak_rss_mb() {
  awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"
}

# CPU time (user + system) one process has used so far, in clock ticks.
cpu_ticks() {
  sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}

# Requests per second from a wrk report.
requests_per_second() {
  awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$1"
}
