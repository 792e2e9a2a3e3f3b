#!/usr/bin/env bash
# Proposal recall of one or more models on the real-footage panel (testkit/.../footage/panel: hand-checked labels on
# eight recordings of fixed cameras, see its README) and on vtest.avi before frame 400 (the hand-checked clip
# vtest-120-179, and, when given, labels mined on frames 0-399). Prints one markdown table, a row per recording and
# model: recall at IoU 0.5 for the top 10, 50 and 300 proposals, and AR@100.
#   tools/eval-panel.sh [MODEL ...]      MODEL: a model directory, or "default" for the shipped model (the default)
#   PANEL_VTEST_LABELS=FILE              labels of vtest.avi frames 0-399 (`vidprop adapt --video vtest.avi
#                                        --labels-only --end 40 --export-labels FILE`), with PANEL_VTEST=vtest.avi
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 0 ] && set -- default
footage=testkit/src/main/resources/io/vidprop/testing/footage
panel="$footage/panel"
work="${TMPDIR:-/tmp}/vidprop-panel-$$"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work"

recordings=()
for labels in "$panel"/*.coco.json; do
  name="$(basename "$labels" .coco.json)"
  video="$(ls "$panel/$name".* | grep -v '\.coco\.json$' | head -1)"
  recordings+=("$name|$video|$labels")
done
recordings+=("vtest-120-179 (hand)|$footage/vtest-120-179.avi|$footage/vtest-120-179.coco.json")
if [ -n "${PANEL_VTEST_LABELS:-}" ]; then
  recordings+=("vtest 0-399 (mined)|${PANEL_VTEST:?PANEL_VTEST=vtest.avi is needed with PANEL_VTEST_LABELS}|$PANEL_VTEST_LABELS")
fi

echo "| recording | model | boxes | recall@10 IoU 0.5 | recall@50 | recall@300 | AR@100 |"
echo "|---|---|---:|---:|---:|---:|---:|"
for entry in "${recordings[@]}"; do
  IFS='|' read -r name video labels <<<"$entry"
  for model in "$@"; do
    args=(); [ "$model" != default ] && args=(--model "$model")
    VIDPROP_SKIP_BUILD="${VIDPROP_SKIP_BUILD:-0}" ./vidprop eval --video "$video" --labels "$labels" \
      --out "$work/out" "${args[@]}" >"$work/eval.txt" 2>&1 || { cat "$work/eval.txt" >&2; exit 1; }
    export VIDPROP_SKIP_BUILD=1
    awk -v name="$name" -v model="$model" '
      / ground-truth boxes/ { boxes = $3 }
      /^\| 10 \|/ { r10 = $4 } /^\| 50 \|/ { r50 = $4 } /^\| 300 \|/ { r300 = $4 }
      /^AR@100/ { ar = $2 }
      END { printf "| %s | %s | %s | %.3f | %.3f | %.3f | %.3f |\n", name, model, boxes, r10, r50, r300, ar }' \
      "$work/eval.txt"
  done
done
