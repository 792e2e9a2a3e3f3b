# Shared by the local cluster scripts: where things are.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/deploy/local"
run_dir="${VIDPROP_RUN_DIR:-$here/run}"
# libtorch's oneDNN AVX-512 kernels disagree with torchvision on some CPUs (README "Known CPU problem").
export ONEDNN_MAX_CPU_ISA="${ONEDNN_MAX_CPU_ISA:-AVX2}"
rest_port_of() { sed -n 's/^rest.port: *//p' "$run_dir/conf/config.yaml"; }
pid_of() { [ -f "$run_dir/pids/$1.pid" ] && cat "$run_dir/pids/$1.pid"; }
running() { local pid; pid=$(pid_of "$1") && kill -0 "$pid" 2>/dev/null; }
launch() { # starts the process start-cluster.sh recorded as NAME (cmd/NAME), in the background, output appended
  local name="$1"
  nohup bash -c "exec $(cat "$run_dir/cmd/$name")" >> "$run_dir/log/$name.out" 2>&1 < /dev/null &
  echo $! > "$run_dir/pids/$name.pid"
}
