#!/usr/bin/env bash
# Takes generate-panel.png: the studio generating a new piece into the piano roll, mid-run, as
# take.sh takes the others (the real window under Xvfb at 1920x1080, ImageMagick's `import`).
# The model is a tiny one trained on the corpus for 30 s here (the bundled default model is used
# instead when MODEL is given). Usage: docs/screenshots/take-generate.sh [BUILD_DIR] [SHARED_DIR] [MODEL]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-$here/../../build/release}"
shared="${2:-${MOZART_SHARED_DIR:-$here/../../../shared}}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
model="${3:-}"
if [ -z "$model" ]; then
    "$build/app/mozart" train --data "$shared/corpus" --out "$work/run" --cache "$work/cache" --model-size tiny \
        --seq 128 --batch 8 --steps 3000 --minutes 0.5 --lr 1e-3 --validate-every 100 --validation-batches 2 \
        --threads 1 >"$work/train.log" 2>&1
    model="$work/run"
fi
config="$(mktemp -d)"
data="$(mktemp -d)"
XDG_CONFIG_HOME="$config" XDG_DATA_HOME="$data" LANG=C.UTF-8 LC_ALL=C.UTF-8 \
    xvfb-run -a -s "-screen 0 1920x1080x24" bash -c '
        "$0" --model "$2" --generate "Mozart, 20000 bars, 132 bpm, C major, piano, lively" & pid=$!
        sleep "${SHOT_DELAY:-9}"
        import -window root "$1"
        kill $pid; wait $pid 2>/dev/null || true' "$build/app/mozart-studio" "$here/generate-panel.png" "$model"
rm -rf "$config" "$data"
