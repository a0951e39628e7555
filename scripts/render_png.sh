#!/usr/bin/env bash
# Rasterise an SVG drawn for the site into the PNG path a page references (needs Debian's chromium).
# Pages show the drawings (content/media/…/*.svg) as they are; only a page that must keep a DocFX
# .png path gets a PNG, e.g.
#   scripts/render_png.sh content/media/loc/en/learn/getstarted-personalsettings.svg \
#     content/media/loc/en/learn/getstarted-personalsettings.png 720 400
# Usage: scripts/render_png.sh SOURCE.svg TARGET.png WIDTH HEIGHT
set -euo pipefail
src=$(realpath "$1"); out=$(realpath -m "$2")
chromium --headless --no-sandbox --disable-gpu --disable-background-networking --no-first-run \
  --hide-scrollbars --window-size="$3,$4" --screenshot="$out" "file://$src" 2>/dev/null
