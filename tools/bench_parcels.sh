#!/bin/sh
# Time and peak memory of `kukaku run` on generated N-parcel cases (issue 12):
#   tools/bench_parcels.sh [N ...]   (default: 100000 1000000)
# Builds the release binary first; prints N, check and run seconds and peak RSS (MB).
set -e
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/kukaku
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for n in ${@:-100000 1000000}; do
  case="$dir/parcels_$n.yaml"
  {
    echo "name: $n parcels"
    echo "district: { gross_area_ha: $((n * 150 / 15000 / 2 + 1)) }"   # gross FAR about 300 %
    echo "alternatives:"
    echo "  - id: base"
    echo "    systems: [{ id: ind, kind: individual }, { id: dhc, kind: dhc }]"
    echo "    parcels:"
    awk -v n="$n" 'BEGIN { split("office retail hotel housing", u, " ");
      for (i = 0; i < n; i++) printf "      - { id: p%d, floor_m2: 150, use: %s }\n", i, u[i % 4 + 1] }'
  } > "$case"
  for cmd in check run; do
    /usr/bin/time -f "%e %M" -o "$dir/t" "$bin" $cmd "$case" --format json > /dev/null
    read -r secs kb < "$dir/t"
    echo "$n parcels: $cmd ${secs} s, peak $((kb / 1024)) MB ($(du -m "$case" | cut -f1) MB case file)"
  done
done
