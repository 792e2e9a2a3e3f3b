#!/usr/bin/env bash
# End-to-end benchmark of the streaming job (Kafka + Flink) against the direct decode + model + NMS loop, 720p JPEG
# frames from 1, 4 and 16 cameras. Prints the table and writes it to bench/results/pipeline.md.
# Extra arguments go to io.vidprop.bench.PipelineBenchmark, e.g. --cameras 4 --frames 480 --model DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests -pl bench -am package
mkdir -p bench/results
exec java -Xmx6g -cp cli/target/vidprop.jar:bench/target/benchmarks.jar io.vidprop.bench.PipelineBenchmark \
  --out bench/results/pipeline.md "$@"
