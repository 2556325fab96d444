#!/usr/bin/env bash
# Put Seed Annotator into the desktop's menu for the current user: launcher, icons, the
# .seedproj file type (double-click opens it) and the AppStream metadata.
#
#   packaging/linux/install-desktop.sh               # install (into $XDG_DATA_HOME)
#   packaging/linux/install-desktop.sh --uninstall   # remove what install put there
#
# The launcher runs `annotator FILE`: the command of `pip install`, or the built app
# (dist/SeedAnnotator/annotator), which this script links as ~/.local/bin/annotator when it
# exists and no other `annotator` is on the PATH. Set APP_DIR to use another built folder.
set -euo pipefail

ID=org.seedannotator.SeedAnnotator
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
BIN="${BIN_DIR:-$HOME/.local/bin}"
APP_DIR="${APP_DIR:-$ROOT/dist/SeedAnnotator}"
ICONS="$ROOT/resources/icons"
SIZES="16 32 48 64 128 256 512"

refresh() {
    if command -v update-mime-database >/dev/null; then update-mime-database "$DATA/mime"; fi
    if command -v update-desktop-database >/dev/null; then
        update-desktop-database "$DATA/applications"
    fi
    if command -v gtk-update-icon-cache >/dev/null && [[ -f "$DATA/icons/hicolor/index.theme" ]]; then
        gtk-update-icon-cache -q -t -f "$DATA/icons/hicolor" || true
    fi
}

if [[ "${1:-}" == "--uninstall" ]]; then
    rm -f "$DATA/applications/$ID.desktop" "$DATA/metainfo/$ID.metainfo.xml" \
        "$DATA/mime/packages/$ID.xml" "$DATA/icons/hicolor/scalable/apps/$ID.svg"
    for size in $SIZES; do rm -f "$DATA/icons/hicolor/${size}x${size}/apps/$ID.png"; done
    if [[ -L "$BIN/annotator" && "$(readlink "$BIN/annotator")" == "$APP_DIR/annotator" ]]; then
        rm -f "$BIN/annotator"
    fi
    mkdir -p "$DATA/mime/packages" "$DATA/applications"
    refresh
    echo "Removed Seed Annotator's desktop files from $DATA"
    exit 0
fi

install -Dm644 "$HERE/$ID.desktop" "$DATA/applications/$ID.desktop"
install -Dm644 "$HERE/$ID.metainfo.xml" "$DATA/metainfo/$ID.metainfo.xml"
install -Dm644 "$HERE/$ID.xml" "$DATA/mime/packages/$ID.xml"
install -Dm644 "$ICONS/seed-annotator.svg" "$DATA/icons/hicolor/scalable/apps/$ID.svg"
for size in $SIZES; do
    install -Dm644 "$ICONS/seed-annotator-$size.png" "$DATA/icons/hicolor/${size}x${size}/apps/$ID.png"
done

if ! command -v annotator >/dev/null; then
    if [[ -x "$APP_DIR/annotator" ]]; then
        mkdir -p "$BIN"
        ln -sfn "$APP_DIR/annotator" "$BIN/annotator"
        echo "Linked $BIN/annotator -> $APP_DIR/annotator"
        case ":$PATH:" in *":$BIN:"*) ;; *) echo "note: add $BIN to your PATH" >&2 ;; esac
    else
        echo "warning: no 'annotator' command on the PATH and no built app in $APP_DIR:" \
            "pip install the project or run packaging/build.sh first" >&2
    fi
fi

refresh
echo "Installed Seed Annotator's launcher, icons, file type and metadata into $DATA"
