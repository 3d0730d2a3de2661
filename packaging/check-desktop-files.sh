#!/usr/bin/env bash
# tst_desktopfiles: checks the desktop integration files with the freedesktop tools.
#   check-desktop-files.sh DESKTOP_FILE METAINFO_FILE MIME_XML
# Exits 77 (CTest: skipped) when desktop-file-validate or appstreamcli is not installed.
set -euo pipefail
desktop=$1 metainfo=$2 mime=$3

for tool in desktop-file-validate appstreamcli; do
    if ! command -v "$tool" >/dev/null; then
        echo "SKIP: $tool is not installed (packaging/install-deps.sh installs it)"
        exit 77
    fi
done

echo "== desktop-file-validate $desktop"
# It prints hints and errors but exits 0 for hints only: any "error:" line fails the test.
out=$(desktop-file-validate "$desktop" 2>&1) || { echo "$out"; exit 1; }
echo "$out"
if grep -q 'error:' <<<"$out"; then exit 1; fi

echo "== appstreamcli validate $metainfo"
appstreamcli validate --no-net --explain "$metainfo"

# The desktop file and the metainfo must name each other.
id=$(basename "$metainfo" .metainfo.xml)
if [ "$(basename "$desktop")" != "$id.desktop" ]; then
    echo "FAIL: desktop file $(basename "$desktop") is not named after the AppStream id $id"; exit 1
fi
grep -q "<launchable type=\"desktop-id\">$id.desktop</launchable>" "$metainfo" ||
    { echo "FAIL: $metainfo does not launch $id.desktop"; exit 1; }

# The MIME association: every extension the studio opens maps to audio/midi, which the desktop file lists.
grep -q '^MimeType=.*audio/midi;' "$desktop" || { echo "FAIL: $desktop does not list audio/midi"; exit 1; }
if command -v update-mime-database >/dev/null && [ -f /usr/share/mime/packages/freedesktop.org.xml ]; then
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    mkdir -p "$tmp/mime/packages"
    cp /usr/share/mime/packages/freedesktop.org.xml "$tmp/mime/packages/"
    cp "$mime" "$tmp/mime/packages/mozart-studio.xml"
    update-mime-database "$tmp/mime" >/dev/null 2>&1
    for ext in mid midi kar rmi; do
        grep -q "^[0-9]*:audio/midi:\*\.$ext$" "$tmp/mime/globs2" ||
            { echo "FAIL: *.$ext is not audio/midi"; exit 1; }
    done
    echo "== *.mid, *.midi, *.kar, *.rmi are audio/midi"
fi
echo "PASS"
