#!/usr/bin/env bash
# Bring-your-own-model benchmark: torchvision Faster R-CNN RPNs (random weights) exported with
# tools/export_torchvision_rpn.py as ONNX and TorchScript, measured on the same video in one run:
#   - the plain PyTorch loop (tools/byom_torch_loop.py: OpenCV decode, model.transform, backbone, rpn; 1 and 2 threads)
#   - ByomProfile: vidprop's stages one after the other (video + JPEG, decode, preprocessing, network, post-processing)
#   - `vidprop batch` end to end (steady state: the difference between a short and a long run, each the better of 2)
#   - with --streaming, the streaming job through Kafka and Flink (PipelineBenchmark --video: the same video's frames
#     as replay publishes them), for each ONNX export
# Prints a table and writes it to bench/results/byom/byom.md.
#
#   bench/run-byom-bench.sh [--video FILE] [--frames N] [--archs "ARCH[:MIN:MAX] ..."] [--formats "onnx torchscript"]
#                           [--threads N] [--device cpu|gpu:0] [--streaming] [--batch-seconds S] [--loop-threads "1 2"]
set -euo pipefail
cd "$(dirname "$0")/.."

video=/usr/share/doc/opencv-doc/examples/data/vtest.avi   # apt-get install opencv-doc: 768x576, 10 frames/s
frames=48
archs="fasterrcnn_mobilenet_v3_large_320_fpn fasterrcnn_mobilenet_v3_large_fpn:384:512 fasterrcnn_resnet50_fpn:384:512"
formats="onnx torchscript"
threads=$(nproc)
device=cpu
streaming=0
batch_seconds=20
loop_threads="1 2"
while [ $# -gt 0 ]; do
  case "$1" in
    --video) video=$2; shift 2 ;;
    --frames) frames=$2; shift 2 ;;
    --archs) archs=$2; shift 2 ;;
    --formats) formats=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --device) device=$2; shift 2 ;;
    --streaming) streaming=1; shift ;;
    --batch-seconds) batch_seconds=$2; shift 2 ;;
    --loop-threads) loop_threads=$2; shift 2 ;;
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
export ONEDNN_MAX_CPU_ISA="${ONEDNN_MAX_CPU_ISA:-AVX2}"   # as ./vidprop and the tests (README "Known CPU problem")
cp="cli/target/vidprop.jar:bench/target/benchmarks.jar"
read -r fps video_frames < <($py -c "
import cv2; c = cv2.VideoCapture('$video'); print(c.get(cv2.CAP_PROP_FPS), int(c.get(cv2.CAP_PROP_FRAME_COUNT)))")
warm=16
json() { $py -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
table="$out/byom.md"
{
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), load average before the run: $(cut -d' ' -f1-3 /proc/loadavg); video $(basename "$video"); device $device."
  echo
  echo "| model | size | format | PyTorch loop 1 thr (f/s) | 2 thr (f/s) | vidprop batch (f/s) | ratio | streaming job (f/s) | ratio | ByomProfile (f/s) | vidprop: video+jpeg / decode / preprocess / network / post (ms a frame) | PyTorch loop: decode / preprocess / network / post (ms) |"
  echo "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|"
} > "$table"

# vidprop batch over the first END seconds of the video: wall milliseconds of the whole command, the better of 2 runs
run_batch() {
  local dir=$1 end=$2 best=0 start_ns end_ns ms
  for _ in 1 2; do
    start_ns=$(date +%s%N)
    java -Xmx3g -jar cli/target/vidprop.jar batch --video "$video" --end "$end" --model "$dir" \
        --out "$out/batch.jsonl" > "$out/batch.log" 2>&1 || { cat "$out/batch.log" >&2; exit 1; }
    end_ns=$(date +%s%N)
    ms=$(( (end_ns - start_ns) / 1000000 ))
    if [ "$best" = 0 ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
  done
  echo "$best"
}

for spec in $archs; do
  IFS=: read -r arch min max <<< "$spec"
  size_args=()
  [ -n "${min:-}" ] && size_args=(--min-size "$min" --max-size "$max")
  label="${min:-default}${max:+x$max}"
  echo "== $arch ($label)" >&2
  loop=$($py tools/byom_torch_loop.py --arch "$arch" --video "$video" --frames "$frames" --threads $loop_threads "${size_args[@]}")
  echo "$loop" >&2
  loop_fps() { echo "$loop" | $py -c "
import json,sys
r=[json.loads(l) for l in sys.stdin if json.loads(l)['threads'] == $1]; print(r[0]['fps'] if r else '-')"; }
  loop1=$(loop_fps 1)
  loop2=$(loop_fps 2)
  best=$(echo "$loop" | $py -c "import json,sys; print(max(json.loads(l)['fps'] for l in sys.stdin))")
  loopms=$(echo "$loop" | $py -c "
import json,sys
rows=[json.loads(l) for l in sys.stdin]; b=max(rows, key=lambda r: r['fps']); m=b['ms']
print(' / '.join(f'{m[k]:.1f}' for k in ('decode','preprocess','network','postprocess')) + f' ({b[\"threads\"]} thr)')")
  for fmt in $formats; do
    dir="$out/$arch-$label-$fmt"
    [ -f "$dir/model.json" ] || $py tools/export_torchvision_rpn.py --arch "$arch" --format "$fmt" --out "$dir" \
        "${size_args[@]}" >&2
    profile=$(java -Xmx3g -cp "$cp" io.vidprop.bench.ByomProfile "$dir" "$video" "$frames" 8 "$threads" "$device" \
        2> "$out/profile.log")
    echo "$profile" >&2
    pfps=$(echo "$profile" | json "d['fps']")
    pms=$(echo "$profile" | json "' / '.join(f'{d[\"ms\"][k]:.1f}' for k in ('video+jpeg','decode','preprocess','network','postprocess'))")
    # The long run adds about batch_seconds of work (from the profile's rate), so that start-up noise (JVM, Flink, model
    # load and its cost probe: a second or two) stays small against it; at least --frames, at most the video.
    extra=$($py -c "print(max($frames, min($video_frames - $warm - 1, int($batch_seconds * $pfps))))")
    t_short=$(run_batch "$dir" "$($py -c "print($warm / $fps)")")
    t_long=$(run_batch "$dir" "$($py -c "print(($warm + $extra) / $fps)")")
    batch_fps=$($py -c "print(round($extra / (($t_long - $t_short) / 1000), 2))")
    echo "vidprop batch: $warm frames in $t_short ms, $((warm + extra)) in $t_long ms: $batch_fps frames/s" >&2
    ratio=$($py -c "print(f'{$batch_fps / $best:.2f}x')")
    stream_fps=-; stream_ratio=-
    if [ "$streaming" = 1 ] && [ "$fmt" = onnx ]; then
      stream_frames=$($py -c "print(max(48, int($batch_seconds * $pfps)))")
      java -Xmx6g -cp "job/target/vidprop-job.jar:$cp" io.vidprop.bench.PipelineBenchmark --cameras 1 \
          --frames "$stream_frames" --model "$dir" --video "$video" --out "$out/pipeline-$arch-$label.md" >&2
      stream_fps=$(grep '^| 1 |' "$out/pipeline-$arch-$label.md" | cut -d'|' -f5 | xargs)
      stream_ratio=$($py -c "print(f'{$stream_fps / $best:.2f}x')")
    fi
    echo "| $arch | $label | $fmt | $loop1 | $loop2 | $batch_fps | $ratio | $stream_fps | $stream_ratio | $pfps | $pms | $loopms |" | tee -a "$table"
  done
done
echo "table: $table" >&2
