#!/usr/bin/env bash
# vidprop batch on the local multi-process cluster (deploy/local) at parallelism 1 and 2, beside the embedded
# `vidprop batch --out` (the job on a MiniCluster inside the client, one merged file) on the same synthetic archive:
# frames/s, scaling, time to the first output file, client peak RSS. Prints the table and writes it to
# bench/results/batch.md.
#   BENCH_FILES=6 BENCH_SECONDS=30 BENCH_LONG_SECONDS=180 BENCH_FPS=10 BENCH_SIZE=640x360   the archive
#   BENCH_MODEL=DIR                      the model (default: the built-in one)
#   BENCH_REST_PORT=18181 and the other VIDPROP_* ports of deploy/local/start-cluster.sh (defaults below)
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
files="${BENCH_FILES:-6}"; seconds="${BENCH_SECONDS:-30}"; long_seconds="${BENCH_LONG_SECONDS:-180}"
fps="${BENCH_FPS:-10}"; size="${BENCH_SIZE:-640x360}"
model_args=(); [ -n "${BENCH_MODEL:-}" ] && model_args=(--model "$BENCH_MODEL")
work="$root/bench/target/batch-bench"

mvn -B -q -DskipTests -pl bench -am package
rm -rf "$work"; mkdir -p "$work" bench/results
echo "writing the archive: $files files of ${seconds}s and one of ${long_seconds}s at $fps fps, $size..." >&2
frames=$(java -cp cli/target/vidprop.jar:bench/target/benchmarks.jar io.vidprop.bench.ArchiveWriter "$work/archive" \
  "$files" "$seconds" "$long_seconds" "$fps" "${size%x*}" "${size#*x}")

export VIDPROP_RUN_DIR="$work/cluster" VIDPROP_SKIP_BUILD=1 VIDPROP_TASK_MANAGERS=2
export VIDPROP_REST_PORT="${BENCH_REST_PORT:-18181}" VIDPROP_RPC_PORT="${VIDPROP_RPC_PORT:-16133}"
export VIDPROP_KAFKA_PORT="${VIDPROP_KAFKA_PORT:-19102}" VIDPROP_PROMETHEUS_PORTS="${VIDPROP_PROMETHEUS_PORTS:-19260-19270}"
deploy/local/start-cluster.sh >&2
trap 'deploy/local/stop-cluster.sh >&2' EXIT

# run LABEL OUTPUT_DIR ARGS...: one `vidprop batch`, timed; writes LABEL.err (progress and summary) and LABEL.tsv
# (wall seconds, seconds to the first finished output file, client peak RSS in KB).
run() {
  local label="$1" out="$2"; shift 2
  echo "$label..." >&2
  local start first="" now
  start=$(date +%s.%N)
  /usr/bin/time -f %M -o "$work/$label.rss" ./vidprop batch --video "$work/archive" --split-seconds 20 \
    --progress-interval-s 5 "${model_args[@]}" "$@" > "$work/$label.out" 2> "$work/$label.err" &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    if [ -z "$first" ] && [ -n "$(find "$out" -type f ! -name '.*' 2>/dev/null | head -1)" ]; then
      now=$(date +%s.%N); first=$(echo "$now - $start" | bc)
    fi
    sleep 0.1
  done
  wait "$pid" || { echo "$label failed:" >&2; tail -20 "$work/$label.err" >&2; exit 1; }
  now=$(date +%s.%N)
  local wall; wall=$(echo "$now - $start" | bc)
  [ -n "$first" ] || first="$wall"
  printf '%s\t%s\t%s\n' "$wall" "$first" "$(tail -1 "$work/$label.rss")" > "$work/$label.tsv"
}

jm="127.0.0.1:$VIDPROP_REST_PORT"
run cluster-p1 "$work/out-p1" --jobmanager "$jm" --out-dir "$work/out-p1" --parallelism 1
run cluster-p2 "$work/out-p2" --jobmanager "$jm" --out-dir "$work/out-p2" --parallelism 2
deploy/local/stop-cluster.sh >&2; trap - EXIT   # the embedded run gets the machine to itself
run embedded-p1 "$work/embedded.jsonl" --out "$work/embedded.jsonl" --parallelism 1

row() { # label, description
  local wall first rss summary job_s fps
  IFS=$'\t' read -r wall first rss < "$work/$1.tsv"
  summary=$(grep "vidprop batch: done" "$work/$1.err")
  fps=$(echo "$summary" | sed -E 's/.*\(([0-9.]+) frames\/s\).*/\1/')
  printf '| %s | %s | %.1f | %s | %.1f | %.0f |\n' "$2" "$(echo "$summary" | sed -E 's/.*done, ([0-9]+) frames.*/\1/')" \
    "$wall" "$fps" "$first" "$((rss / 1024))"
}
p1=$(grep "vidprop batch: done" "$work/cluster-p1.err" | sed -E 's/.*\(([0-9.]+) frames\/s\).*/\1/')
p2=$(grep "vidprop batch: done" "$work/cluster-p2.err" | sed -E 's/.*\(([0-9.]+) frames\/s\).*/\1/')
{
  echo "archive: $files files of ${seconds} s + one of ${long_seconds} s, $fps fps, $size, $frames frames; --split-seconds 20; $(nproc) cores"
  echo
  echo "| run | frames | wall s (client) | frames/s (job) | s to first output file | client peak RSS MB |"
  echo "|---|---:|---:|---:|---:|---:|"
  row cluster-p1 "local cluster, --parallelism 1"
  row cluster-p2 "local cluster, --parallelism 2"
  row embedded-p1 "embedded \`--out\` (in the client), --parallelism 1"
  echo
  echo "scaling, parallelism 2 / 1: $(echo "scale=2; $p2 / $p1" | bc)x"
} | tee bench/results/batch.md
