#!/usr/bin/env bash
# Installs the Debian package in a fresh Debian 12 root, the way a user would, and launches it:
#   1. debootstrap a minimal bookworm into ROOT (from the mirror the host's apt uses);
#   2. add what any desktop has (shared-mime-info, desktop-file-utils) and the test's own tools
#      (xvfb, xauth, x11-apps), then `apt-get install ./mozart-studio_*.deb`, which must pull
#      in every dependency by itself;
#   3. run `mozart --version`, `mozart-studio --version`, `mozart inspect` on a MIDI file, check the
#      man page, desktop entry, icons and the audio/midi association;
#   4. launch the studio under xvfb-run on that MIDI file and save a screenshot.
# Not part of the CI run (it downloads ~1 GB). Needs root (chroot, mount).
#
#   packaging/test-install.sh [DEB] [SCREENSHOT.png]
# Environment: ROOT (default /var/tmp/mozart-install-root, recreated each run), MIRROR (default: the
# host's Debian mirror), MIDI (file opened in the studio; default: a corpus file or a generated one).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
deb=${1:-$(ls -t "$here"/build/release/mozart-studio_*_amd64.deb 2>/dev/null | head -1)}
shot=${2:-$here/docs/screenshots/install-test-first-launch.png}
ROOT=${ROOT:-/var/tmp/mozart-install-root}
[ -f "$deb" ] || { echo "no package: build it with 'cd build/release && cpack -G DEB'" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "run as root (debootstrap, chroot)" >&2; exit 2; }

# The mirror the host already uses (deb822 or one-line sources).
if [ -z "${MIRROR:-}" ]; then
    MIRROR=$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v security | head -1)
    [ -n "$MIRROR" ] || MIRROR=$(grep -hs '^deb ' /etc/apt/sources.list | awk '{print $2}' | head -1)
fi
[ -n "$MIRROR" ] || { echo "no Debian mirror found: set MIRROR" >&2; exit 2; }

step() { printf '\n== %s (%s)\n' "$*" "$(date -u +%T)"; }
in_root() { chroot "$ROOT" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
                DEBIAN_FRONTEND=noninteractive "$@"; }
cleanup() {
    for m in dev/pts dev/shm dev proc sys; do umount -l "$ROOT/$m" 2>/dev/null || true; done
}
trap cleanup EXIT

step "fresh Debian 12 root in $ROOT"
cleanup
rm -rf "$ROOT"
debootstrap --variant=minbase bookworm "$ROOT" "$MIRROR" >"$ROOT.debootstrap.log" 2>&1 ||
    { tail -20 "$ROOT.debootstrap.log"; exit 1; }
mount -t proc proc "$ROOT/proc"
mount -t sysfs sys "$ROOT/sys"
mount --bind /dev "$ROOT/dev"
mount --bind /dev/pts "$ROOT/dev/pts"
mkdir -p "$ROOT/dev/shm" && mount -t tmpfs shm "$ROOT/dev/shm"
cp /etc/resolv.conf "$ROOT/etc/resolv.conf" 2>/dev/null || true
echo "deb $MIRROR bookworm main" >"$ROOT/etc/apt/sources.list"
in_root apt-get update -qq

step "what a desktop has, and the test's tools"
in_root apt-get install -y -qq --no-install-recommends shared-mime-info desktop-file-utils \
    xvfb xauth x11-apps >/dev/null

step "apt-get install ./$(basename "$deb")"
cp "$deb" "$ROOT/tmp/"
in_root apt-get install -y -q "/tmp/$(basename "$deb")" | tail -4

step "the programs"
in_root mozart --version
in_root mozart-studio --version
midi=${MIDI:-$(find "$here/../shared/corpus" -name '*.mid' 2>/dev/null | sort | head -1)}
if [ -n "$midi" ] && [ -f "$midi" ]; then
    cp "$midi" "$ROOT/tmp/piece.mid"
else
    # No corpus: a one-note format 0 file.
    printf 'MThd\0\0\0\6\0\0\0\1\1\xe0MTrk\0\0\0\x0d\0\x90\x3c\x64\x83\x60\x80\x3c\0\0\xff\x2f\0' >"$ROOT/tmp/piece.mid"
fi
in_root mozart inspect /tmp/piece.mid | head -8

step "desktop integration"
fail=0
check() { if in_root sh -c "$1"; then echo "ok: $2"; else echo "FAIL: $2"; fail=1; fi; }
check 'test -s /usr/share/man/man1/mozart.1.gz && zcat /usr/share/man/man1/mozart.1.gz | grep -q "mozart tokenize"' "man page of mozart"
check 'desktop-file-validate /usr/share/applications/org.mozartstudio.MozartStudio.desktop' "desktop entry valid"
check 'grep -q "^audio/midi=.*org.mozartstudio.MozartStudio.desktop" /usr/share/applications/mimeinfo.cache' \
      "audio/midi opens in the studio (mimeinfo.cache)"
check 'grep -q "audio/midi:\*\.rmi" /usr/share/mime/globs2 && grep -q "audio/midi:\*\.kar" /usr/share/mime/globs2' \
      "*.rmi and *.kar are audio/midi (mime database)"
check 'test -s /usr/share/icons/hicolor/48x48/apps/mozart-studio.png && test -s /usr/share/icons/hicolor/scalable/apps/mozart-studio.svg' "icons"
check 'test -s /usr/share/metainfo/org.mozartstudio.MozartStudio.metainfo.xml' "AppStream metainfo"
if [ -d "$here/resources/models/default" ]; then
    check 'test -n "$(ls -A /usr/share/mozart-studio/models/default)"' "bundled model"
fi

step "first launch under xvfb-run"
in_root sh -c 'cd /tmp && xvfb-run -a -s "-screen 0 1440x900x24" sh -c "
    mozart-studio /tmp/piece.mid >/tmp/studio.log 2>&1 & pid=\$!
    sleep 20
    xwd -root -silent >/tmp/first-launch.xwd
    if kill -0 \$pid 2>/dev/null; then echo studio running after 20 s; kill \$pid; wait \$pid || true; else echo studio exited early; exit 1; fi"' ||
    fail=1
echo "-- studio's output:"; cat "$ROOT/tmp/studio.log" || true
if command -v convert >/dev/null && [ -s "$ROOT/tmp/first-launch.xwd" ]; then
    convert "xwd:$ROOT/tmp/first-launch.xwd" "$shot" && echo "screenshot: $shot"
else
    cp "$ROOT/tmp/first-launch.xwd" "${shot%.png}.xwd" && echo "screenshot: ${shot%.png}.xwd"
fi
step "done"
[ "$fail" -eq 0 ] && echo "install test passed" || { echo "install test FAILED"; exit 1; }
