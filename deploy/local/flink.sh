#!/usr/bin/env bash
# Flink's own command-line client (org.apache.flink.client.cli.CliFrontend, what a distribution's bin/flink runs) for
# the local cluster: its class path, and the run directory's conf/ as FLINK_CONF_DIR, so it finds the JobManager's
# REST address in config.yaml as bin/flink does in a distribution. For example:
#   deploy/local/flink.sh run -d job/target/vidprop-job.jar --bootstrap-servers "$(cat deploy/local/run/kafka.bootstrap)"
#   deploy/local/flink.sh list      deploy/local/flink.sh cancel JOB_ID      deploy/local/flink.sh stop JOB_ID
# The client's log goes to VIDPROP_RUN_DIR/log/flink-client.log.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
classpath_file="$here/target/cluster.classpath"
[ -f "$run_dir/conf/config.yaml" ] && [ -f "$classpath_file" ] \
  || { echo "flink.sh: no local cluster in $run_dir; start one with deploy/local/start-cluster.sh" >&2; exit 1; }
export FLINK_CONF_DIR="$run_dir/conf"
read -r -a jdk_opens <<< "$(sed -n 's/^env.java.default-opts.all: *//p' "$run_dir/conf/config.yaml")"
# shellcheck disable=SC2086 # JVM_ARGS is a word list, as in Flink's scripts
exec java ${JVM_ARGS:-} "${jdk_opens[@]}" -Dlog.file="$run_dir/log/flink-client.log" \
  -Dlog4j.configurationFile="file:$run_dir/conf/log4j.properties" -cp "$(cat "$classpath_file")" \
  org.apache.flink.client.cli.CliFrontend "$@"
