#!/usr/bin/env bash
# Submits the job to the local cluster over REST, against its Kafka broker:
#   deploy/local/submit.sh [vidprop submit options, e.g. --parallelism 2 --from-savepoint PATH]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
exec "$root/vidprop" submit --jobmanager "127.0.0.1:$(rest_port_of)" \
  --bootstrap-servers "$(cat "$run_dir/kafka.bootstrap")" "$@"
