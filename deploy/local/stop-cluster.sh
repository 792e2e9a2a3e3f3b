#!/usr/bin/env bash
# Stops what start-cluster.sh started: task managers, the JobManager, then Kafka; each with SIGTERM, waiting for
# it to exit (SIGKILL only after VIDPROP_STOP_TIMEOUT_S, default 30 s).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
timeout_s="${VIDPROP_STOP_TIMEOUT_S:-30}"

stop() {
  local pid_file="$run_dir/pids/$1.pid"
  [ -f "$pid_file" ] || return 0
  local pid; pid=$(cat "$pid_file")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    local deadline=$((SECONDS + timeout_s))
    while kill -0 "$pid" 2>/dev/null; do
      if [ $SECONDS -ge $deadline ]; then
        echo "stop-cluster: $1 (pid $pid) did not stop in ${timeout_s}s; killing it" >&2
        kill -KILL "$pid" 2>/dev/null || true
        break
      fi
      sleep 0.2
    done
    echo "stopped $1"
  fi
  rm -f "$pid_file"
}

for pid_file in "$run_dir"/pids/taskmanager-*.pid; do
  [ -f "$pid_file" ] && stop "$(basename "$pid_file" .pid)"
done
stop jobmanager
stop kafka
