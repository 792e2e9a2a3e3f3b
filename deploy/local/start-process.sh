#!/usr/bin/env bash
# Starts one process of the local cluster again with the command line start-cluster.sh gave it, as an orchestrator
# restarts a crashed container: deploy/local/start-process.sh NAME   (taskmanager-1, ..., jobmanager, kafka)
# A task manager registers with the JobManager under its old resource id; Kafka resumes its data directory on the
# same port. Returns once the process runs (readiness is the caller's to check).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
[ $# -eq 1 ] || { echo "usage: $0 NAME   (NAME: $(ls "$run_dir/cmd" 2>/dev/null | paste -sd' '))" >&2; exit 2; }
name="$1"
[ -f "$run_dir/cmd/$name" ] || { echo "start-process: no process $name in $run_dir" >&2; exit 2; }
if running "$name"; then
  echo "start-process: $name is already running (pid $(pid_of "$name"))" >&2
  exit 1
fi
launch "$name"
echo "$name started (pid $(pid_of "$name"))"
