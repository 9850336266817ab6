#!/usr/bin/env bash
# Regenerate the README "Speed" table (issue 17): CPU time (perf stat task-clock) of whole
# runs and of a density sweep on one thread, the minimum of REPS runs each, and the wall and
# CPU time of a long sweep on 1 and 2 threads (parallel efficiency).
#
#   tools/speed_table.sh [REPS]        (default 5; builds the release binary first, unless
#                                       KUKAKU_BIN names the binary to measure)
#
# Prints a Markdown table, the machine, the date and the load average before and after.
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-5}
if [[ -z ${KUKAKU_BIN:-} ]]; then
  cargo build --release --quiet
fi
bin=${KUKAKU_BIN:-target/release/kukaku}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# min over $reps runs of the CPU time (task-clock of every thread, `perf stat`), or of
# the wall time with WALL=1, in seconds, of the command "$@".
best() {
  local b=""
  for _ in $(seq "$reps"); do
    local s
    if [[ ${WALL:-0} == 1 ]]; then
      /usr/bin/time -f "%e" -o "$out/t" "$@" > /dev/null 2>&1
      s=$(cat "$out/t")
    else
      perf stat -x, -e task-clock -o "$out/t" "$@" > /dev/null 2>&1
      s=$(awk -F, '/task-clock/ { printf "%.4f", $1 / 1000 }' "$out/t")
    fi
    if [[ -z $b ]] || awk -v a="$s" -v b="$b" 'BEGIN { exit !(a < b) }'; then b=$s; fi
  done
  echo "$b"
}

echo "Machine: $(nproc) × $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo)"
echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD)"
echo "Load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| Run (\`--jobs 1\`, min of $reps) | CPU time |"
echo "|---|---|"
for c in district_a district_b waste_heat_hospital; do
  t=$(best "$bin" --jobs 1 run "landuse_cases/$c.yaml" --out "$out/reports")
  echo "| \`kukaku run landuse_cases/$c.yaml\` | $t s |"
done
# The CPU time of a further sweep point: a 721-point sweep less a one-point sweep, ÷ 720.
for alt in base dense mixed; do
  sweep=(sweep landuse_cases/district_a.yaml --alternative "$alt" --format json)
  long=$(best "$bin" --jobs 1 "${sweep[@]}" --far 40:400:0.5)
  one=$(best "$bin" --jobs 1 "${sweep[@]}" --far 40:40:1)
  marginal=$(awk -v l="$long" -v o="$one" 'BEGIN { printf "%.3f", (l - o) / 720 * 1000 }')
  echo "| \`kukaku sweep district_a.yaml --alternative $alt --far 40:400:0.5\` (721 points) | $long s; one point alone $one s: $marginal ms per further point |"
done
sweep=(sweep landuse_cases/district_a.yaml --alternative mixed --format json)
w1=$(WALL=1 best "$bin" --jobs 1 "${sweep[@]}" --far 40:400:0.1)
w2=$(WALL=1 best "$bin" --jobs 2 "${sweep[@]}" --far 40:400:0.1)
c1=$(best "$bin" --jobs 1 "${sweep[@]}" --far 40:400:0.1)
c2=$(best "$bin" --jobs 2 "${sweep[@]}" --far 40:400:0.1)
eff=$(awk -v a="$w1" -v b="$w2" 'BEGIN { printf "%.0f", a / (2 * b) * 100 }')
echo "| same sweep at 0.1 % steps (3,601 points) | wall \`--jobs 1\` $w1 s, \`--jobs 2\` $w2 s (parallel efficiency $eff %); CPU $c1 s and $c2 s |"
echo
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
