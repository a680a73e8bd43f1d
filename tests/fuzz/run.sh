#!/usr/bin/env bash
# Builds the libFuzzer targets (in the sanitizer tree, clang + ASan + UBSan) and runs each for
# SECONDS, starting from its seeds in tests/fuzz/corpus/<name>/. Fails on any crash, leak,
# undefined behaviour, timeout (10 s for one input) or memory use past 2 GB; the input that did
# it is kept as build/sanitize/fuzz-artifacts/<target>-crash-… to replay (`<target> FILE`).
#   tests/fuzz/run.sh 20                 every target, 20 s each
#   tests/fuzz/run.sh 600 jsonrpc url    some targets
#   FUZZ_CORPUS_OUT=DIR tests/fuzz/run.sh …   keep the grown corpora in DIR/<name>/
#   FUZZ_RUNS=10000000 tests/fuzz/run.sh 86400 url   stop after that many runs (the long run)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
seconds="${1:?usage: tests/fuzz/run.sh SECONDS [target...]}"
shift
dir="${MCPGW_SANITIZE_DIR:-$root/build/sanitize}"

if [ ! -f "$dir/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$dir" -DCMAKE_CXX_COMPILER=clang++ -DMCPGW_SANITIZE=ON >/dev/null
fi
cmake --build "$dir" -j2 --target fuzz_targets >/dev/null

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for src in "$root"/tests/fuzz/*_fuzz.cpp; do
    name="$(basename "$src" _fuzz.cpp)"
    targets+=("$name")
  done
fi

export ASAN_OPTIONS="detect_leaks=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
artifacts="$dir/fuzz-artifacts"
mkdir -p "$artifacts"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# One target's run; its report goes to $work/<name>.result, its exit status is the fuzzer's.
fuzz_one() {
  local name="$1" bin="$dir/${1}_fuzz" seeds="$root/tests/fuzz/corpus/$1"
  local corpus="${FUZZ_CORPUS_OUT:+$FUZZ_CORPUS_OUT/$1}"
  corpus="${corpus:-$work/$name}"
  mkdir -p "$corpus"
  local log="$work/$name.log"
  # Inputs up to 4 KB (8 KB for whole settings files): room for every seed, and JSON only as
  # deep as that allows.
  local max_len=4096
  case "$name" in toml | yaml | env) max_len=8192 ;; esac
  local status=0 start=$SECONDS
  "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=$max_len \
    -print_final_stats=1 ${FUZZ_RUNS:+-runs=$FUZZ_RUNS} -artifact_prefix="$artifacts/$name-" "$corpus" "$seeds" >"$log" 2>&1 ||
    status=$?
  local took=$((SECONDS - start))
  local runs rss size
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  rss="$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -1)"
  size="$(grep -o 'corp: [0-9]*' "$log" | tail -1 | cut -d' ' -f2 || true)"
  if [ "$status" -eq 0 ]; then
    echo "fuzz: $name ok: ${runs:-?} runs in ${took} s ($(( ${runs:-0} / (took > 0 ? took : 1) ))/s)," \
      "corpus ${size:-?} inputs, peak RSS ${rss:-?} MB" >"$work/$name.result"
  else
    { echo "fuzz: $name FAILED (exit $status) after ${runs:-?} runs; input kept under $artifacts/"
      tail -60 "$log"; } >"$work/$name.result"
  fi
  return "$status"
}

# Targets run FUZZ_JOBS at a time (default: one per core), each for the full SECONDS: the same
# fuzzing per target in less wall time.
jobs_max="${FUZZ_JOBS:-$(nproc)}"
failed=0
running=0
for name in "${targets[@]}"; do
  if [ "$running" -ge "$jobs_max" ]; then
    wait -n || failed=1
    running=$((running - 1))
  fi
  fuzz_one "$name" &
  running=$((running + 1))
done
while [ "$running" -gt 0 ]; do
  wait -n || failed=1
  running=$((running - 1))
done
for name in "${targets[@]}"; do cat "$work/$name.result"; done
exit $failed
