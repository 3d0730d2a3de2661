#!/usr/bin/env bash
# Installs every Debian package Mozart Studio needs to build, run and test.
# Idempotent; works as root or through sudo.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

PACKAGES=(
    build-essential cmake ninja-build pkg-config git
    qt6-base-dev qt6-charts-dev libqt6opengl6-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    libtorch-dev libgloo-dev libopenblas0-pthread
    libfluidsynth-dev fluidsynth fluid-soundfont-gm
    librtmidi-dev libsndfile1-dev
    nlohmann-json3-dev libcli11-dev
    python3-mido python3-torch
    xvfb xauth imagemagick
    clang libclang-rt-14-dev
    desktop-file-utils appstream shared-mime-info help2man file librsvg2-bin debootstrap
)

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}"
