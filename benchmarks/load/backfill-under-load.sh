#!/usr/bin/env bash
# Background renders against live traffic (docs/JOBS.md, results in docs/BENCHMARKS.md "Background renders"):
# one resizer started like ./thumbd resizer, every cache off (each request and each background render decodes,
# resizes and encodes), 250 originals x a variant set of 4 widths x 2 formats = 2,000 background renders.
#
#   1 baseline   wrk -c16 for DUR s on a cold-miss URL, no background work             -> interactive p99
#   2 loaded     a backfill of the 2,000 variants submitted, wrk -c16 for DUR s again   -> p99 with the backfill,
#                and the backfill's rate while the load runs (variants done / DUR)
#   3 alone      the same backfill (another variant set: another job) without load     -> its rate alone
#
# Needs wrk, curl, ImageMagick (convert), and a build (./mvnw install -DskipTests: the timed window builds nothing).
# Prints RESULT lines. Keep it under five minutes (DUR=30 takes about 3).
set -euo pipefail
cd "$(dirname "$0")/../.."
export THUMBD_BUILT=1
port=${PORT:-18681}
mport=$((port + 1))
dur=${DUR:-30}
conc=${CONCURRENCY:-2}
work=$(mktemp -d)
mkdir -p "$work/store/bf"
convert samples/landscape.jpg -resize '1600x1200!' -quality 90 "$work/store/live.jpg"
for i in $(seq -w 1 250); do cp "$work/store/live.jpg" "$work/store/bf/p$i.jpg"; done
token=bench-token

./thumbd resizer --port "$port" --server.address=127.0.0.1 --management.server.address=127.0.0.1 \
  --thumbd.store.root="$work/store" --thumbd.cache.disk.dir="$work/cache" --thumbd.cache.enabled=false \
  --thumbd.upload.tokens=$token --thumbd.jobs.concurrency="$conc" \
  --thumbd.jobs.variant-sets.set1='widths=160,320,480,640&formats=webp,jpeg' \
  --thumbd.jobs.variant-sets.set2='widths=161,321,481,641&formats=webp,jpeg' \
  --logging.level.root=WARN > "$work/resizer.log" 2>&1 &
for _ in $(seq 120); do
  curl -sf "127.0.0.1:$mport/actuator/health" > /dev/null && break
  sleep 1
done
pid=$(pgrep -f "ResizerApplication --server.port=$port" | head -1)
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT

url="http://127.0.0.1:$port/v1/resize?src=live.jpg&w=400&fmt=webp"
submit() {   # submit SET -> the job's path
  curl -s -D - -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"variantSet\":\"$1\",\"prefix\":\"bf/\"}" "127.0.0.1:$port/v1/jobs" | tr -d '\r' | awk '/^[Ll]ocation:/ {print $2}'
}
done_count() { curl -s -H "Authorization: Bearer $token" "127.0.0.1:$port$1" | sed -E 's/.*"done":([0-9]+).*/\1/'; }
p99() { awk '/ 99%/ {print $2}' "$1"; }
rps() { awk '/Requests\/sec/ {print $2}' "$1"; }

wrk -t1 -c16 -d10s "$url" > /dev/null   # warm-up (JIT)
wrk -t1 -c16 -d"${dur}s" --timeout 10s --latency "$url" > "$work/base.txt"
echo "RESULT scenario=baseline conns=16 rps=$(rps "$work/base.txt") p99=$(p99 "$work/base.txt")"

job=$(submit set1)
t0=$(date +%s.%N)
wrk -t1 -c16 -d"${dur}s" --timeout 10s --latency "$url" > "$work/loaded.txt"
t1=$(date +%s.%N)
n=$(done_count "$job")
echo "RESULT scenario=loaded conns=16 rps=$(rps "$work/loaded.txt") p99=$(p99 "$work/loaded.txt") backfill_done=$n backfill_per_s=$(echo "$n / ($t1 - $t0)" | bc -l | cut -c1-6)"
while [ "$(done_count "$job")" -lt 2000 ]; do sleep 0.5; done   # the rest of it, before the next run

job=$(submit set2)
t0=$(date +%s.%N)
while [ "$(done_count "$job")" -lt 2000 ]; do sleep 0.2; done
t1=$(date +%s.%N)
echo "RESULT scenario=alone backfill_done=2000 seconds=$(echo "$t1 - $t0" | bc -l | cut -c1-6) backfill_per_s=$(echo "2000 / ($t1 - $t0)" | bc -l | cut -c1-6)"
curl -s "127.0.0.1:$mport/actuator/prometheus" | grep -E '^thumbd_jobs_renders_total' || true
