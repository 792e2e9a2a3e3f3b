#!/usr/bin/env bash
# Bring-your-own-model benchmark: torchvision Faster R-CNN RPNs (random weights) exported with
# tools/export_torchvision_rpn.py as ONNX and TorchScript, measured on the same video frames in one run:
#   - the plain PyTorch loop (tools/byom_torch_loop.py: OpenCV decode, model.transform, backbone, rpn; 1 and 2 threads)
#   - `vidprop batch` end to end (steady state: the difference between a short and a long run)
#   - ByomProfile: vidprop's stages one after the other (video + JPEG, decode, preprocessing, network, post-processing)
#   - with --streaming, the streaming job through Kafka and Flink (PipelineBenchmark, 720p synthetic frames)
# Prints a table and writes it to bench/results/byom/byom.md.
#
#   bench/run-byom-bench.sh [--video FILE] [--frames N] [--archs "ARCH[:MIN:MAX] ..."] [--formats "onnx torchscript"]
#                           [--threads N] [--device cpu|gpu:0] [--streaming]
set -euo pipefail
cd "$(dirname "$0")/.."

video=/usr/share/doc/opencv-doc/examples/data/vtest.avi   # apt-get install opencv-doc: 768x576, 10 frames/s
frames=48
archs="fasterrcnn_mobilenet_v3_large_320_fpn fasterrcnn_mobilenet_v3_large_fpn:384:512 fasterrcnn_resnet50_fpn:384:512"
formats="onnx torchscript"
threads=$(nproc)
device=cpu
streaming=0
while [ $# -gt 0 ]; do
  case "$1" in
    --video) video=$2; shift 2 ;;
    --frames) frames=$2; shift 2 ;;
    --archs) archs=$2; shift 2 ;;
    --formats) formats=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --device) device=$2; shift 2 ;;
    --streaming) streaming=1; shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -f "$video" ] || { echo "no video at $video (apt-get install opencv-doc, or --video FILE)" >&2; exit 1; }
py=/usr/bin/python3
out=bench/results/byom
mkdir -p "$out"
if [ "${BYOM_SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -q -DskipTests -pl cli,bench -am package
fi
cp="cli/target/vidprop.jar:bench/target/benchmarks.jar"
fps=$($py -c "import cv2; print(cv2.VideoCapture('$video').get(cv2.CAP_PROP_FPS))")
warm=16
table="$out/byom.md"
{
  echo "| model | size | format | PyTorch loop 1 thr (f/s) | 2 thr (f/s) | vidprop batch (f/s) | ratio | ByomProfile (f/s) | video+jpeg / decode / preprocess / network / post (ms a frame) | PyTorch loop: decode / preprocess / network / post (ms) |"
  echo "|---|---|---|---:|---:|---:|---:|---:|---|---|"
} > "$table"

for spec in $archs; do
  IFS=: read -r arch min max <<< "$spec"
  size_args=()
  [ -n "${min:-}" ] && size_args=(--min-size "$min" --max-size "$max")
  label="${min:-default}${max:+x$max}"
  echo "== $arch ($label)" >&2
  loop=$($py tools/byom_torch_loop.py --arch "$arch" --video "$video" --frames "$frames" --threads 1 2 "${size_args[@]}")
  echo "$loop" >&2
  loop1=$(echo "$loop" | sed -n 1p | $py -c "import json,sys; print(json.load(sys.stdin)['fps'])")
  loop2=$(echo "$loop" | sed -n 2p | $py -c "import json,sys; print(json.load(sys.stdin)['fps'])")
  best=$($py -c "print(max($loop1, $loop2))")
  loopms=$(echo "$loop" | $py -c "
import json,sys
rows=[json.loads(l) for l in sys.stdin]; b=max(rows, key=lambda r: r['fps']); m=b['ms']
print(' / '.join(f'{m[k]:.1f}' for k in ('decode','preprocess','network','postprocess')) + f' ({b[\"threads\"]} thr)')")
  for fmt in $formats; do
    dir="$out/$arch-$label-$fmt"
    [ -f "$dir/model.json" ] || $py tools/export_torchvision_rpn.py --arch "$arch" --format "$fmt" --out "$dir" \
        "${size_args[@]}" >&2
    # vidprop batch: a short and a long run; their difference is the steady state (JVM, Flink and model start cancel)
    run_batch() {
      local end=$1 start_ns end_ns
      start_ns=$(date +%s%N)
      java -Xmx3g -jar cli/target/vidprop.jar batch --video "$video" --end "$end" --model "$dir" \
          --out "$out/batch.jsonl" > "$out/batch.log" 2>&1
      end_ns=$(date +%s%N)
      echo $(( (end_ns - start_ns) / 1000000 ))
    }
    short_end=$($py -c "print($warm / $fps)")
    long_end=$($py -c "print(($warm + $frames) / $fps)")
    t_short=$(run_batch "$short_end")
    t_long=$(run_batch "$long_end")
    batch_fps=$($py -c "print(round($frames / (($t_long - $t_short) / 1000), 2))")
    profile=$(java -Xmx3g -cp "$cp" io.vidprop.bench.ByomProfile "$dir" "$video" "$frames" 8 "$threads" "$device" \
        2> "$out/profile.log")
    echo "$profile" >&2
    pfps=$(echo "$profile" | $py -c "import json,sys; print(json.load(sys.stdin)['fps'])")
    pms=$(echo "$profile" | $py -c "
import json,sys
m=json.load(sys.stdin)['ms']; print(' / '.join(f'{m[k]:.1f}' for k in ('video+jpeg','decode','preprocess','network','postprocess')))")
    ratio=$($py -c "print(f'{$batch_fps / $best:.2f}x')")
    echo "| $arch | $label | $fmt | $loop1 | $loop2 | $batch_fps | $ratio | $pfps | $pms | $loopms |" | tee -a "$table"
  done
done

if [ "$streaming" = 1 ]; then
  for spec in $archs; do
    IFS=: read -r arch min max <<< "$spec"
    label="${min:-default}${max:+x$max}"
    dir="$out/$arch-$label-onnx"
    java -Xmx6g -cp "job/target/vidprop-job.jar:$cp" io.vidprop.bench.PipelineBenchmark --cameras 1 --frames 96 \
        --model "$dir" --out "$out/pipeline-$arch.md" >&2
    cat "$out/pipeline-$arch.md" >> "$table"
  done
fi
echo "table: $table" >&2
