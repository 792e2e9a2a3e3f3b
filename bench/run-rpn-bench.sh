#!/usr/bin/env bash
# Times vidprop's RPN post-processing and NMS against torchvision on the same loads, in one run, and prints the
# comparison table. Needs Debian's torchvision: apt-get install -y python3-torchvision
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
results="$root/bench/results"
cd "$root"
if ! /usr/bin/python3 -c "import torchvision" 2>/dev/null; then
  echo "run-rpn-bench: /usr/bin/python3 has no torchvision; install it with: apt-get install -y python3-torchvision" >&2
  exit 1
fi
mkdir -p "$results"
echo "== building the benchmarks" >&2
mvn -B -q -DskipTests -pl bench -am package
echo "== timing torchvision (and writing the loads with its outputs)" >&2
/usr/bin/python3 tools/rpn_fixtures.py --time --out "$results"
echo "== timing vidprop (JMH; outputs are checked against torchvision's before timing)" >&2
java -Dvidprop.bench.results="$results" -jar bench/target/benchmarks.jar \
  "RpnPostProcessingBenchmark|NmsBenchmark" -rf json -rff "$results/jmh-rpn.json" "$@"
echo
java -cp bench/target/benchmarks.jar io.vidprop.bench.CompareReport "$results/jmh-rpn.json" \
  "$results/torchvision-timings.json"
