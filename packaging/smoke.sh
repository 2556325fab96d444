#!/usr/bin/env bash
# Smoke test of the built app (see packaging/smoke.py):
#   packaging/smoke.sh [dist/SeedAnnotator/annotator] [--timeout 180] [--keep]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec "${PYTHON:-python3}" "$HERE/smoke.py" "$@"
