#!/bin/sh
# Regenerate the README screenshots of the report's cover and executive summary
# (docs/cover.png, docs/summary.png) from District A, English, with headless Chromium.
# Usage: tools/readme_shots.sh   (from the repository root, after `cargo build --release`)
# The summary is cut out of the index page by showing it in a fixed-size frame scrolled
# to the summary's offset (SUMMARY_TOP, px at a 900 px wide window): adjust it when the
# cover grows or shrinks.
set -eu
CHROMIUM=${KUKAKU_CHROMIUM:-chromium}
SUMMARY_TOP=${SUMMARY_TOP:-1010}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
./target/release/kukaku run landuse_cases/district_a.yaml --out "$out" >/dev/null
dir="$out/district_a"
frame() { # file top height
  printf '<!DOCTYPE html><html><body style="margin:0"><div style="width:900px;height:%spx;overflow:hidden"><iframe src="index.html" style="width:900px;height:%spx;margin-top:-%spx;border:0" scrolling="no"></iframe></div></body></html>' \
    "$3" "$(($2 + $3))" "$2" > "$dir/$1"
}
frame shot-cover.html 0 940
frame shot-summary.html "$SUMMARY_TOP" 1060
mkdir -p docs
"$CHROMIUM" --headless=new --no-sandbox --disable-gpu --hide-scrollbars --window-size=900,940 \
  --screenshot="$PWD/docs/cover.png" "file://$dir/shot-cover.html" >/dev/null 2>&1
"$CHROMIUM" --headless=new --no-sandbox --disable-gpu --hide-scrollbars --window-size=900,1060 \
  --screenshot="$PWD/docs/summary.png" "file://$dir/shot-summary.html" >/dev/null 2>&1
ls -l docs/cover.png docs/summary.png
