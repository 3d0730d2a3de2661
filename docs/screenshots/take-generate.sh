#!/usr/bin/env bash
# Takes generate-panel.png (the studio generating a new piece into the piano roll, mid-run) and
# generate-variations.png (three variations to audition), as
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
shoot() {  # OUT.png DELAY TEXT: the studio started with --generate TEXT, captured DELAY seconds later
    local config data
    config="$(mktemp -d)"
    data="$(mktemp -d)"
    XDG_CONFIG_HOME="$config" XDG_DATA_HOME="$data" LANG=C.UTF-8 LC_ALL=C.UTF-8 \
        xvfb-run -a -s "-screen 0 1920x1080x24" bash -c '
            "$0" --model "$2" --generate "$4" & pid=$!
            sleep "$3"
            import -window root "$1"
            kill $pid; wait $pid 2>/dev/null || true' "$build/app/mozart-studio" "$1" "$model" "$2" "$3"
    rm -rf "$config" "$data"
}

# Mid-run: the tiny model writes ~25 000 tokens/s, so it is asked for many bars to be caught generating.
shoot "$here/generate-panel.png" "${SHOT_DELAY:-8}" "Mozart, 20000 bars, 132 bpm, C major, piano, lively"
# Finished: three variations listed (the panel scrolls to them), the first shown in the piano roll.
shoot "$here/generate-variations.png" 10 "Beethoven, 12 bars, D minor, piano, calm, 3 variations"
