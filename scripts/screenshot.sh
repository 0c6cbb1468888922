#!/usr/bin/env bash
# Screenshot a local HTML or SVG file with headless Chromium, fully offline.
#
# Usage: scripts/screenshot.sh PAGE [OUT.png] [WIDTHxHEIGHT]
#   PAGE    a local .html or .svg file (a path, or a file:// URL)
#   OUT     the PNG to write (default: PAGE with .png instead of its extension)
#   SIZE    window size in CSS pixels (default 1200x1800); the shot is exactly this size,
#           so make it tall enough for the whole page
#
# Needs Debian's chromium (apt-get install -y chromium). Runs with a throwaway profile
# and every background network feature off, so a page that works here works offline.
# Example: npx tsx scripts/render-sample.ts && scripts/screenshot.sh /tmp/render-sample.html /tmp/shot.png
set -euo pipefail
page=${1:?usage: scripts/screenshot.sh PAGE [OUT.png] [WIDTHxHEIGHT]}
out=${2:-${page%.*}.png}
size=${3:-1200x1800}
case "$page" in
  file://*) url=$page ;;
  *) url="file://$(cd "$(dirname "$page")" && pwd)/$(basename "$page")" ;;
esac
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$browser" ] || { echo "screenshot.sh: no chromium found (apt-get install -y chromium)" >&2; exit 2; }
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --hide-scrollbars --user-data-dir="$profile" \
  --screenshot="$out" --window-size="${size/x/,}" "$url" >/dev/null 2>&1
[ -s "$out" ] || { echo "screenshot.sh: chromium wrote no screenshot for $url" >&2; exit 1; }
echo "$out"
