# Shared by the local cluster scripts: where things are.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/deploy/local"
run_dir="${VIDPROP_RUN_DIR:-$here/run}"
rest_port_of() { sed -n 's/^rest.port: *//p' "$run_dir/conf/config.yaml"; }
