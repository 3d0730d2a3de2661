#!/usr/bin/env bash
# Takes the studio screenshots in this folder: the real window under Xvfb on a 1600x1000 screen
# (3200x2000 at scale factor 2, 2400x1500 at 1.5: the same room in logical pixels), captured with
# ImageMagick's `import`. Usage: docs/screenshots/take.sh [BUILD_DIR] [SHARED_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-$here/../../build/release}"
shared="${2:-${MOZART_SHARED_DIR:-$here/../../../shared}}"
studio="$build/app/mozart-studio"
corpus="$shared/corpus"
piece="$corpus/Mozart/2017mozk299no1.mid"

shoot() {  # OUT.png SCALE LANG ARGS...
    local out=$1 scale=$2 lang=$3
    shift 3
    local size
    size="$(awk -v s="$scale" 'BEGIN { printf "%dx%d", 1600 * s, 1000 * s }')"
    local config
    config="$(mktemp -d)"  # a first run every time: default layout, no remembered files
    XDG_CONFIG_HOME="$config" QT_SCALE_FACTOR="$scale" LANG="$lang" LC_ALL="$lang" \
        xvfb-run -a -s "-screen 0 ${size}x24" bash -c '
            "$0" "${@:2}" & pid=$!
            sleep 10
            import -window root "$1"
            kill $pid; wait $pid 2>/dev/null || true' "$studio" "$out" "$@"
    rm -rf "$config"
}

shoot "$here/studio-corpus.png" 1 C.UTF-8 "$corpus" "$piece"
shoot "$here/studio-hidpi-1.5.png" 1.5 C.UTF-8 "$piece"
shoot "$here/studio-hidpi-2.png" 2 C.UTF-8 "$corpus" "$piece"
shoot "$here/studio-german.png" 1 de_DE.UTF-8 "$corpus" "$piece"
