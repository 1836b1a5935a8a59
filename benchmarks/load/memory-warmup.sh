#!/usr/bin/env bash
# The memory model's warm-up and soak against a resizer started like `./thumbd run` starts it (./thumbd resizer:
# the same JVM flags). Results in docs/BENCHMARKS.md, "Memory model".
#
#   benchmarks/load/memory-warmup.sh warm C      4 originals x 40 widths x jpeg,webp (320 URLs) C at a time, then
#                                                 peak RSS, the ladder, the budget counters, and cache hits (wrk)
#   benchmarks/load/memory-warmup.sh soak MIN    MIN minutes of mixed misses and hits, 4 at a time; after every
#                                                 round of 400 requests a full collection, then one line: RSS, peak
#                                                 RSS, the old generation's occupancy after it, the ladder
#
# Originals: THUMBD_CORPUS (default ../shared/corpus): j6-iphonexs-4032x3024.jpg (EXIF 6, Display P3),
# p1-paper-alpha-2048x1536.png, a1-earth-3082x2048.avif, and a 6000x4000 JPEG made from j6 with ImageMagick.
set -euo pipefail
cd "$(dirname "$0")/../.."
mode=${1:?warm C | soak MINUTES}
arg=${2:?}
corpus=${THUMBD_CORPUS:-../shared/corpus}
port=${PORT:-18581}
mport=$((port + 1))
work=$(mktemp -d)
store=$work/store
mkdir -p "$store"
for f in j6-iphonexs-4032x3024.jpg p1-paper-alpha-2048x1536.png a1-earth-3082x2048.avif; do
  cp "$corpus/$f" "$store/"
done
convert "$corpus/j6-iphonexs-4032x3024.jpg" -auto-orient -resize '6000x4000!' -quality 90 "$store/big-6000x4000.jpg"
originals=(j6-iphonexs-4032x3024.jpg p1-paper-alpha-2048x1536.png a1-earth-3082x2048.avif big-6000x4000.jpg)

./thumbd resizer --port "$port" --thumbd.store.root="$store" --thumbd.cache.disk.dir="$work/cache" \
  --thumbd.signing.allow-unsigned=true --logging.level.root=WARN > "$work/resizer.log" 2>&1 &
for _ in $(seq 120); do
  curl -sf "localhost:$mport/actuator/health" > /dev/null && break
  sleep 1
done
pid=$(pgrep -f "ResizerApplication --server.port=$port" | head -1)
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT

metric() {   # metric NAME [LABEL-FILTER]: the first sample's value
  curl -s "localhost:$mport/actuator/prometheus" | grep -E "^$1(\{[^}]*${2:-}[^}]*\})? " | head -1 | awk '{print $NF}'
}
status_kb() { grep "^$1:" "/proc/$pid/status" | awk '{print $2}'; }
urls() {   # urls Q: every original at 40 widths in jpeg and webp, quality Q
  for s in "${originals[@]}"; do
    for w in $(seq 100 60 2440); do
      for f in jpeg webp; do echo "http://localhost:$port/v1/resize?src=$s&w=$w&fmt=$f&q=$1"; done
    done
  done
}

case $mode in
  warm)
    if [ "$arg" -gt 0 ]; then
      start=$(date +%s)
      urls 81 | xargs -P "$arg" -n 1 curl -s -o /dev/null -w "%{http_code}\n" | sort | uniq -c | tr '\n' ' '
      echo "<- $arg at a time, $(( $(date +%s) - start )) s"
    fi
    echo "level $(metric thumbd_degradation_level); peak RSS $(( $(status_kb VmHWM) / 1024 )) MiB"
    curl -s "localhost:$mport/actuator/prometheus" | grep -E "^thumbd_memory_renders_total" || true
    hit="http://localhost:$port/v1/resize?src=j6-iphonexs-4032x3024.jpg&w=400&fmt=webp"
    curl -s -o /dev/null "$hit"
    wrk -t2 -c32 -d5s "$hit" > /dev/null   # the hit path compiled, as after a warm-up
    wrk -t2 -c32 -d10s "$hit" | grep -E "Requests/sec|Latency"
    ;;
  soak)
    end=$(( $(date +%s) + 60 * arg ))
    i=0
    while [ "$(date +%s)" -lt "$end" ]; do
      # one round: 40 misses (a new quality each round) and 360 hits on the first round's URLs, 4 at a time
      i=$((i + 1))
      { urls $((40 + i % 50)) | shuf -n 40 --random-source=<(yes "$i"); for _ in $(seq 9); do urls 40 | shuf -n 40 --random-source=<(yes x); done; } \
        | xargs -P 4 -n 1 curl -s -o /dev/null -w "%{http_code}\n" | sort | uniq -c | tr '\n' ' '
      # a full collection, then the old generation's occupancy is what lives (the collector's figure after GC)
      "${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/jcmd" "$pid" GC.run > /dev/null
      old=$(metric jvm_memory_used_bytes 'id="Tenured Gen"' | awk '{printf "%.1f", $1/1048576}')
      echo "| round $i | $(date -u +%H:%M:%S) | RSS $(( $(status_kb VmRSS) / 1024 )) MiB | peak $(( $(status_kb VmHWM) / 1024 )) MiB | old gen after GC $old MiB | level $(metric thumbd_degradation_level) |"
    done
    ;;
esac
