#!/usr/bin/env bash
# Stops a job on the local cluster with a savepoint (into the run directory's savepoints/) and prints its path:
#   deploy/local/stop-with-savepoint.sh JOB_ID
# Resume with: deploy/local/submit.sh --from-savepoint PATH [--parallelism 2]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
[ $# -ge 1 ] || { echo "usage: $0 JOB_ID [vidprop stop options]" >&2; exit 2; }
exec "$root/vidprop" stop --jobmanager "127.0.0.1:$(rest_port_of)" "$@"
