#!/usr/bin/env bash
# Whether a candidate model may replace the shipped default (model/README.md, "Cameras it never saw"): it must be
# strictly ahead of the default at recall@10 and at recall@50 (IoU 0.5) on every recording tools/eval-panel.sh
# measures, and hold the classic synthetic targets (`vidprop eval --frames 400`: recall@300 at IoU 0.7 and AR@100)
# to within 0.01 of the default's. Both models are measured in the same run. Prints one line per check, then
# PASS or FAIL with the number of failed checks; exits 0 on PASS, 1 on FAIL.
#   tools/ship-check.sh MODEL_DIR
#   PANEL_VTEST=vtest.avi PANEL_VTEST_LABELS=FILE   also vtest frames 0-399 (mined labels), as for tools/eval-panel.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 1 ] || { echo "usage: tools/ship-check.sh MODEL_DIR" >&2; exit 2; }
candidate="$1"
[ -e "$candidate" ] || { echo "tools/ship-check.sh: no such model: $candidate" >&2; exit 2; }
work="${TMPDIR:-/tmp}/vidprop-ship-check-$$"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work"

tools/eval-panel.sh default "$candidate" >"$work/panel.md"
export VIDPROP_SKIP_BUILD=1
classic() {
  local args=(); [ "$1" != default ] && args=(--model "$1")
  ./vidprop eval --frames 400 --out "$work/classic" "${args[@]}" 2>&1 |
    awk '/^AR@100/ { print $NF, $2 }'
}
read -r default_r300 default_ar < <(classic default)
read -r candidate_r300 candidate_ar < <(classic "$candidate")

awk -F'|' -v dr300="$default_r300" -v dar="$default_ar" -v cr300="$candidate_r300" -v car="$candidate_ar" '
  function trim(s) { gsub(/^ +| +$/, "", s); return s }
  function check(ok, what) { printf "%s  %s\n", ok ? "ok  " : "FAIL", what; if (!ok) failed++ }
  NR > 2 {
    name = trim($2); model = trim($3)
    if (model == "default") { d10[name] = $5 + 0; d50[name] = $6 + 0; order[++n] = name }
    else { c10[name] = $5 + 0; c50[name] = $6 + 0 }
  }
  END {
    for (i = 1; i <= n; i++) {
      r = order[i]
      check(c10[r] > d10[r], sprintf("%-28s recall@10 %.3f, default %.3f", r, c10[r], d10[r]))
      check(c50[r] > d50[r], sprintf("%-28s recall@50 %.3f, default %.3f", r, c50[r], d50[r]))
    }
    check(cr300 >= dr300 - 0.01, sprintf("%-28s recall@300 IoU 0.7 %.4f, default %.4f", "classic", cr300, dr300))
    check(car >= dar - 0.01, sprintf("%-28s AR@100 %.4f, default %.4f", "classic", car, dar))
    if (failed) { printf "FAIL: %d of %d checks\n", failed, 2 * n + 2; exit 1 }
    print "PASS"
  }' "$work/panel.md"
