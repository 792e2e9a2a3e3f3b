#!/usr/bin/env bash
# vidprop's RPN post-processing and NMS against torchvision's on CPU, in one run:
#   1. build the bench jar,
#   2. time torchvision on the bench loads (tools/rpn_fixtures.py --time), which also writes the loads,
#   3. run the JMH benchmarks on the same loads (each checks its output against torchvision's first),
#   4. print the comparison as a Markdown table (also saved to bench/results/comparison.md).
# Extra arguments go to JMH, e.g. `bench/run-rpn-bench.sh -f 1` for a quicker, rougher run.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=/usr/bin/python3
RESULTS=bench/results

if ! "$PYTHON" -c 'import torch, torchvision' 2>/dev/null; then
    echo "error: $PYTHON cannot import torch and torchvision, which time the reference." >&2
    echo "Install them with: apt-get install -y python3-torchvision" >&2
    exit 2
fi

echo "== building bench/target/benchmarks.jar" >&2
mvn -B -q -pl bench -am package -DskipTests >&2

echo "== timing torchvision" >&2
"$PYTHON" tools/rpn_fixtures.py --time --out "$RESULTS" >&2

echo "== running JMH" >&2
java -Dvidprop.bench.results="$RESULTS" -jar bench/target/benchmarks.jar \
    -rf json -rff "$RESULTS/jmh-result.json" "$@" 'io\.vidprop\.bench\..*' >&2

echo "== comparison" >&2
java -cp bench/target/benchmarks.jar io.vidprop.bench.CompareReport \
    "$RESULTS/jmh-result.json" "$RESULTS/torchvision-timings.json" | tee "$RESULTS/comparison.md"
