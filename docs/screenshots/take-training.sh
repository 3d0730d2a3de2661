#!/usr/bin/env bash
# Takes the training dashboard screenshots in this folder from the current build, as take.sh does
# (the real window under Xvfb at 1920x1080, ImageMagick's `import`): a tiny model trains on the
# corpus with `mozart train` in the background while the studio follows its run folder.
#   training-dashboard.png  one run, mid-run (`mozart-studio RUN`), its samples timeline shown
#   training-compare.png    a finished run and a second one mid-run, overlaid (`mozart-studio RUNS`)
# Usage: docs/screenshots/take-training.sh [BUILD_DIR] [SHARED_DIR]   (about 70 s of training)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-$here/../../build/release}"
shared="${2:-${MOZART_SHARED_DIR:-$here/../../../shared}}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

train() {  # RUN LR: a tiny model on the corpus for half a minute, in the background
    "$build/app/mozart" train --data "$shared/corpus" --out "$work/runs/$1" --cache "$work/cache" \
        --model-size tiny --seq 128 --batch 8 --steps 3000 --minutes 0.5 --lr "$2" \
        --validate-every 50 --validation-batches 4 --checkpoint-every 200 --samples-every 2 --threads 1 \
        >"$work/$1.log" 2>&1 &
}

shoot() {  # OUT.png PATH [TAB]: the studio opened on PATH, the run's TAB (0 runs, 1 checkpoints, 2 samples)
    local config
    config="$(mktemp -d)"
    mkdir -p "$config/Mozart Studio"
    printf '[train]\ntab=%s\n' "${3:-0}" >"$config/Mozart Studio/mozart-studio.conf"
    XDG_CONFIG_HOME="$config" LANG=C.UTF-8 LC_ALL=C.UTF-8 xvfb-run -a -s "-screen 0 1920x1080x24" bash -c '
        "$0" "$2" & pid=$!
        sleep 8
        import -window root "$1"
        kill $pid; wait $pid 2>/dev/null || true' "$build/app/mozart-studio" "$1" "$2"
    rm -rf "$config"
}

train lr-3e-4 3e-4
sleep 12
shoot "$here/training-dashboard.png" "$work/runs/lr-3e-4" 2
wait
train lr-1e-3 1e-3
sleep 12
shoot "$here/training-compare.png" "$work/runs"
wait
