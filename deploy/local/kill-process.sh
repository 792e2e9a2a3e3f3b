#!/usr/bin/env bash
# Kills one process of the local cluster, as a crashed machine would lose it, and waits until it is gone:
#   deploy/local/kill-process.sh NAME [SIGNAL]     NAME: taskmanager-1, taskmanager-2, ..., jobmanager, kafka
# SIGNAL defaults to KILL (no shutdown hooks, nothing flushed or closed); TERM stops it cleanly instead.
# Start it again with deploy/local/start-process.sh NAME.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
[ $# -ge 1 ] || { echo "usage: $0 NAME [SIGNAL]   (NAME: $(ls "$run_dir/cmd" 2>/dev/null | paste -sd' '))" >&2; exit 2; }
name="$1"; signal="${2:-KILL}"
[ -f "$run_dir/cmd/$name" ] || { echo "kill-process: no process $name in $run_dir" >&2; exit 2; }
running "$name" || { echo "kill-process: $name is not running" >&2; exit 1; }
pid=$(pid_of "$name")
kill -"$signal" "$pid"
while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
echo "$name (pid $pid) ended by SIG$signal"
