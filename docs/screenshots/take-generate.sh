#!/usr/bin/env bash
# Takes generate-panel.png (the studio generating a new piece into the piano roll, mid-run) and
# generate-variations.png (three variations with their thumbnails, and the history below them
# with each piece's copied-notes figure against the corpus), as take.sh takes the others (the
# real window under Xvfb at 1920x1080, ImageMagick's `import`), with the bundled default model.
# Usage: docs/screenshots/take-generate.sh [BUILD_DIR] [SHARED_DIR] [MODEL]
# The delays suit a loaded 2-core machine (the default model at ~400 tokens/s); SHOT_DELAY moves
# the first shot, VARIATIONS_DELAY the second (it must end after the run and the copy check).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-$here/../../build/release}"
shared="${2:-${MOZART_SHARED_DIR:-$here/../../../shared}}"
model="${3:-$here/../../resources/models/default/model.safetensors}"
shoot() {  # OUT.png DELAY TEXT [TRAINING_DATA]: the studio started with --generate TEXT, captured DELAY seconds later
    local config data
    config="$(mktemp -d)"
    data="$(mktemp -d)"
    if [ -n "${4:-}" ]; then  # the folder the default model was trained on ("trained_on": corpus), for the copy figures
        mkdir -p "$config/Mozart Studio"
        printf '[generate]\ntrainingData\\corpus=%s\n' "$4" >"$config/Mozart Studio/mozart-studio.conf"
    fi
    XDG_CONFIG_HOME="$config" XDG_DATA_HOME="$data" LANG=C.UTF-8 LC_ALL=C.UTF-8 \
        xvfb-run -a -s "-screen 0 1920x1080x24" bash -c '
            "$0" --model "$2" --generate "$4" & pid=$!
            sleep "$3"
            import -window root "$1"
            kill $pid; wait $pid 2>/dev/null || true' "$build/app/mozart-studio" "$1" "$model" "$2" "$3"
    rm -rf "$config" "$data"
}

# Mid-run: asked for many bars so that it is caught generating.
shoot "$here/generate-panel.png" "${SHOT_DELAY:-16}" "Mozart, 400 bars, 132 bpm, C major, piano, lively"
# Finished: three variations listed (the panel scrolls to them and the history), the first shown in the piano roll.
shoot "$here/generate-variations.png" "${VARIATIONS_DELAY:-45}" "Mozart, 8 bars, D major, piano, calm, 3 variations" \
    "$(cd "$shared/corpus" && pwd)"
