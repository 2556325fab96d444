#!/usr/bin/env bash
# Build the self-contained app folder: dist/SeedAnnotator/ (+ dist/SeedAnnotator.app on macOS).
#
#   packaging/build.sh            # with the python of the active venv (or $PYTHON)
#   PYTHON=/path/to/venv/bin/python packaging/build.sh
#
# Installs PyInstaller into that environment if it is missing (not a runtime dependency of
# the app), then runs packaging/seed_annotator.spec from the repository root. On Windows run
# the same two steps from a shell with the venv active (see packaging/README.md).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if [[ -z "${PYTHON:-}" ]]; then
    if [[ -n "${VIRTUAL_ENV:-}" ]]; then
        PYTHON="$VIRTUAL_ENV/bin/python"
    else
        PYTHON="$(command -v python3 || command -v python)"
    fi
fi

if ! "$PYTHON" -c "import PyInstaller" 2>/dev/null; then
    echo "Installing PyInstaller into $("$PYTHON" -c 'import sys; print(sys.prefix)')" >&2
    "$PYTHON" -m pip install "pyinstaller>=6.10"
fi

# The icons are committed; render them again only if a render is missing (needs PySide6).
if [[ ! -f resources/icons/seed-annotator-512.png || ! -f resources/icons/seed-annotator.ico ]]; then
    QT_QPA_PLATFORM=offscreen "$PYTHON" packaging/render_icons.py
fi

start=$(date +%s)
"$PYTHON" -m PyInstaller --noconfirm --clean \
    --distpath "$ROOT/dist" --workpath "$ROOT/build/pyinstaller" \
    packaging/seed_annotator.spec
end=$(date +%s)

echo "Built $ROOT/dist/SeedAnnotator in $((end - start)) s ($(du -sh dist/SeedAnnotator | cut -f1))"
echo "Try it: dist/SeedAnnotator/annotator    Check it: packaging/smoke.sh"
