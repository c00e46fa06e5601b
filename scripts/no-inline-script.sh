#!/bin/sh
# Trunk post-build hook: moves the start-up script trunk writes inline into index.html
# into its own file, start.js, so the page's Content-Security-Policy can forbid every
# inline script ("script-src 'self'") and still start the app. Fails the build if an
# inline script would remain, so a trunk upgrade that changes the markup cannot quietly
# ship a page its own policy blocks.
set -eu
dir="${TRUNK_STAGING_DIR:?this script runs as a trunk hook}"
html="$dir/index.html"
awk -v js="$dir/start.js" '
  !moved && /<script type="module">/ {
    inside = 1; moved = 1
    sub(/<script type="module">/, "")
    print "<script type=\"module\" src=\"./start.js\"></script>"
  }
  inside {
    if (index($0, "</script>")) {
      line = $0; sub(/<\/script>.*/, "", line); print line > js
      rest = $0; sub(/.*<\/script>/, "", rest); if (rest != "") print rest
      inside = 0
    } else {
      print > js
    }
    next
  }
  { print }
' "$html" > "$html.tmp"
mv "$html.tmp" "$html"
if grep -n '<script>\|<script type="module">' "$html"; then
  echo "no-inline-script.sh: an inline script is left in index.html" >&2
  exit 1
fi
