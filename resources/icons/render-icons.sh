#!/usr/bin/env bash
# Renders the hicolor PNG sizes of the application icon from mozart-studio.svg with rsvg-convert
# (Debian package librsvg2-bin). The PNGs are committed, so a build does not need this tool; run it
# again after changing the SVG. The SVG itself is installed as the scalable size.
set -euo pipefail
cd "$(dirname "$0")"
for size in 16 22 24 32 48 64 128 256 512; do
    mkdir -p "hicolor/${size}x${size}/apps"
    rsvg-convert --width "$size" --height "$size" mozart-studio.svg \
        --output "hicolor/${size}x${size}/apps/mozart-studio.png"
done
