#!/usr/bin/env bash
# Starts a local multi-process Flink cluster: a JobManager (standalone session, web UI and REST on 127.0.0.1) and
# task managers as separate JVMs, from the Flink modules Maven resolves, plus a Kafka broker on loopback.
#   VIDPROP_RUN_DIR         configuration, pids, logs, checkpoints and savepoints (default: deploy/local/run)
#   VIDPROP_REST_PORT       web UI and REST port (default 8081)
#   VIDPROP_RPC_PORT        JobManager RPC port (default 6123)
#   VIDPROP_KAFKA_PORT      Kafka listener port (default 9092)
#   VIDPROP_PROMETHEUS_PORTS  port range of the Prometheus reporter; each process takes the first free one
#                           (default 9249-9259)
#   VIDPROP_TASK_MANAGERS   number of task managers (default 2), one slot each
#   VIDPROP_GPU_TASK_MANAGERS  how many of them (the last ones) declare one GPU each (Flink external resource
#                           "gpu", two slots); the cluster then uses fine-grained resource management, so a job
#                           submitted with --inference-slot-gpus 1 runs inference on those only (default 0)
# Stop it with deploy/local/stop-cluster.sh; kill and start single processes with kill-process.sh and start-process.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
rest_port="${VIDPROP_REST_PORT:-8081}"
rpc_port="${VIDPROP_RPC_PORT:-6123}"
kafka_port="${VIDPROP_KAFKA_PORT:-9092}"
prometheus_ports="${VIDPROP_PROMETHEUS_PORTS:-9249-9259}"
task_managers="${VIDPROP_TASK_MANAGERS:-2}"
gpu_task_managers="${VIDPROP_GPU_TASK_MANAGERS:-0}"

for pid_file in "$run_dir"/pids/*.pid; do
  if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
    echo "start-cluster: already running ($pid_file); stop it with deploy/local/stop-cluster.sh" >&2
    exit 1
  fi
done

# The cluster's class path: Flink's runtime modules, then the native-code libraries (parent-first, see config.yaml).
classpath_file="$here/target/cluster.classpath"
if [ ! -f "$classpath_file" ] || [ "$here/pom.xml" -nt "$classpath_file" ] \
    || [ "$root/deploy/native-libs/pom.xml" -nt "$classpath_file" ] || [ "$root/pom.xml" -nt "$classpath_file" ]; then
  echo "start-cluster: resolving Flink's modules with Maven..." >&2
  mvn -B -q -f "$here/pom.xml" dependency:build-classpath -Dmdep.outputFile="$here/target/flink.classpath" >&2
  mvn -B -q -f "$root/deploy/native-libs/pom.xml" dependency:build-classpath \
    -Dmdep.outputFile="$here/target/native.classpath" >&2
  # Libraries both lists hold (commons-io, slf4j, ...) come from Flink's: the same artifact is the same
  # .../groupId/artifactId/ directory of the local repository, whatever the version.
  artifact_dirs() { tr ':' '\n' < "$1" | sed '/^$/d' | xargs -n1 dirname | xargs -n1 dirname; }
  native=$(paste -sd: < <(tr ':' '\n' < "$here/target/native.classpath" | sed '/^$/d' \
    | grep -vF -f <(artifact_dirs "$here/target/flink.classpath" | sed 's#$#/#')))
  echo "$(cat "$here/target/flink.classpath"):$native" > "$classpath_file"
fi
classpath="$(cat "$classpath_file")"

mkdir -p "$run_dir"/{conf,cmd,pids,log,uploads,tmp,checkpoints,savepoints,kafka}
sed -e "s#@RUN_DIR@#$run_dir#g" -e "s#@RPC_PORT@#$rpc_port#g" -e "s#@REST_PORT@#$rest_port#g" \
  -e "s#@PROMETHEUS_PORTS@#$prometheus_ports#g" \
  "$here/conf/config.yaml" > "$run_dir/conf/config.yaml"
cp "$here/conf/log4j.properties" "$run_dir/conf/log4j.properties"
if [ "$gpu_task_managers" -gt 0 ]; then
  echo "cluster.fine-grained-resource-management.enabled: true" >> "$run_dir/conf/config.yaml"
fi

# Flink's own memory calculation, as its bash scripts do: JVM options plus the derived settings.
resource_params() {
  java -cp "$classpath" -Dlog4j2.level=OFF -Dlog4j.configurationFile=none \
    org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$run_dir/conf" 2>/dev/null \
    | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p'
}
mapfile -t jm < <(resource_params GET_JM_RESOURCE_PARAMS)
mapfile -t tm < <(resource_params GET_TM_RESOURCE_PARAMS)
[ "${#jm[@]}" -ge 2 ] && [ "${#tm[@]}" -ge 2 ] || { echo "start-cluster: Flink's memory calculation failed" >&2; exit 1; }

start() { # name, then the command; recorded in cmd/NAME so that start-process.sh can start it again
  local name="$1"; shift
  printf '%q ' "$@" > "$run_dir/cmd/$name"
  : > "$run_dir/log/$name.out"
  launch "$name"
}
logging=(-Dlog4j.configurationFile="file:$run_dir/conf/log4j.properties")
read -r -a jdk_opens <<< "$(sed -n 's/^env.java.default-opts.all: *//p' "$run_dir/conf/config.yaml")"

VIDPROP_SKIP_BUILD="${VIDPROP_SKIP_BUILD:-0}" "$root/vidprop" --version > /dev/null # builds the jar if stale
rm -f "$run_dir/kafka.bootstrap"
# The broker's data stays in the run directory, so a broker restarted with start-process.sh resumes its log.
start kafka env VIDPROP_SKIP_BUILD=1 "$root/vidprop" kafka --port "$kafka_port" --data-dir "$run_dir/kafka" \
  --bootstrap-file "$run_dir/kafka.bootstrap"
# shellcheck disable=SC2086 # Flink's computed options are word lists
start jobmanager java ${jm[0]} "${jdk_opens[@]}" "${logging[@]}" -Dlog.file="$run_dir/log/jobmanager.log" -cp "$classpath" \
  org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint --configDir "$run_dir/conf" ${jm[1]}
for i in $(seq 1 "$task_managers"); do
  gpu=()
  if [ "$i" -gt $((task_managers - gpu_task_managers)) ]; then
    gpu=(-D external-resources=gpu -D external-resource.gpu.amount=1 -D taskmanager.numberOfTaskSlots=2)
  fi
  # shellcheck disable=SC2086
  start "taskmanager-$i" java ${tm[0]} "${jdk_opens[@]}" "${logging[@]}" -Dlog.file="$run_dir/log/taskmanager-$i.log" -cp "$classpath" \
    org.apache.flink.runtime.taskexecutor.TaskManagerRunner --configDir "$run_dir/conf" ${tm[1]} \
    -D taskmanager.resource-id="tm-$i" "${gpu[@]}"
done

deadline=$((SECONDS + ${VIDPROP_START_TIMEOUT_S:-180}))
until [ -s "$run_dir/kafka.bootstrap" ] \
    && curl -sf "http://127.0.0.1:$rest_port/overview" | grep -q "\"taskmanagers\":$task_managers,"; do
  for pid_file in "$run_dir"/pids/*.pid; do
    if ! kill -0 "$(cat "$pid_file")" 2>/dev/null; then
      name=$(basename "$pid_file" .pid)
      echo "start-cluster: $name exited; see $run_dir/log/$name.out and .log" >&2
      "$here/stop-cluster.sh" >&2
      exit 1
    fi
  done
  if [ $SECONDS -ge $deadline ]; then
    echo "start-cluster: the cluster did not come up in time; logs in $run_dir/log" >&2
    "$here/stop-cluster.sh" >&2
    exit 1
  fi
  sleep 1
done
echo "Flink web UI and REST: http://127.0.0.1:$rest_port ($task_managers task managers)"
echo "Kafka: $(cat "$run_dir/kafka.bootstrap")"
echo "logs, checkpoints, savepoints: $run_dir"
