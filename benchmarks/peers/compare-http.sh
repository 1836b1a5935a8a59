#!/usr/bin/env bash
# thumbd's HTTP path against the HTTP peers, in one sitting, with the peers' own wrk commands and RESULT line shape
# (../shared/peers/http-bench.sh), so the figures in docs/BENCHMARKS.md are same-run ratios.
#
#   cold  thumbd with every cache off (thumbd.cache.enabled=false): each request reads, decodes, resizes and encodes
#         j3 (1920x1080) and j6 (4032x3024) -> 300 px WebP q80, as the sharp server (H1) does
#   hit   thumbd with its caches on, the same URL after one miss: the cache-hit path (compare with nginx static, H3)
#   Each scenario is warmed up first with the same URL: 5 s cold (COLD_WARM), 30 s hit (HIT_WARM).
#   peers H1 sharp, H2 nginx image_filter, H3 nginx static file, via ../shared/peers/http-bench.sh (PEERS=0 skips)
#
# usage: WORK=/tmp/peers CORPUS=../shared/corpus NODE_MODULES=/tmp/peers/node/node_modules \
#          benchmarks/peers/compare-http.sh [DURATION_S]          (default 15; CONNS="16 64")
# Needs wrk, curl, bc and (for the peers) node with sharp and nginx with the image filter module.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${WORK:-/tmp/peers} CORPUS=$(realpath "${CORPUS:-$ROOT/../shared/corpus}")
DUR=${1:-15}
CONNS=${CONNS:-"16 64"}
PORT=${PORT:-18093}
PEERS_DIR=${PEERS_DIR:-$ROOT/../shared/peers}
HZ=$(getconf CLK_TCK)
OUT=$WORK/http; mkdir -p "$OUT"
PID=""
cleanup() { [ -z "$PID" ] || { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; }; }
trap cleanup EXIT

"$ROOT/thumbd" build >/dev/null
export THUMBD_BUILT=1   # the services below start from what was just built, even if sources change meanwhile
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}

start() { # label, extra service arguments...
  local label=$1; shift
  local data=$WORK/thumbd-$label
  rm -rf "$data"; mkdir -p "$data/data"
  cp "$CORPUS"/j3-cardinal-1920x1080.jpg "$CORPUS"/j6-iphonexs-4032x3024.jpg "$data/data/"
  # equal output: the peers never degrade, so neither does thumbd here (its water levels would, under 64 closed-loop
  # connections that keep the admission queue full: docs/HTTP.md#degradation)
  ( cd "$ROOT" && exec ./thumbd resizer --port "$PORT" --thumbd.store.root="$data/data" --thumbd.cache.disk.dir="$data/cache" \
      --thumbd.degradation.water-levels=false --logging.level.root=WARN "$@" ) > "$OUT/thumbd-$label.log" 2>&1 &
  PID=$!
  for _ in $(seq 150); do curl -fs -o /dev/null "http://127.0.0.1:$((PORT + 1))/actuator/health/readiness" && break; sleep 0.2; done
  # the launcher execs java, so $PID is the JVM
  SERVER_PID=$(pgrep -f "server.port=$PORT" | head -1)
}

stop() { cleanup; PID=""; }

cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
peak_rss() { awk '/VmHWM/{print $2}' "/proc/$1/status"; }

run() { # name url conns...
  local name=$1 url=$2; shift 2
  curl -fs -o "$OUT/$name.out" "$url"
  local bytes; bytes=$(stat -c %s "$OUT/$name.out")
  timeout $((WARM + 20)) wrk -t1 -c16 -d"${WARM}s" "$url" > /dev/null   # warm-up (JIT, caches)
  for c in "$@"; do
    local t0 w0 wt t1 f=$OUT/$name-c$c.txt
    t0=$(cpu_ticks "$SERVER_PID"); w0=$(date +%s.%N)
    /usr/bin/time -f '%U %S' -o "$OUT/wrk.time" timeout $((DUR + 20)) wrk -t1 -c"$c" -d"${DUR}s" --timeout 10s --latency "$url" > "$f"
    wt=$(echo "$(date +%s.%N) - $w0" | bc -l); t1=$(cpu_ticks "$SERVER_PID")
    echo "RESULT scenario=$name conns=$c rps=$(awk '/Requests\/sec/{print $2}' "$f") p50=$(awk '/^ +50%/{print $2}' "$f")" \
      "p99=$(awk '/^ +99%/{print $2}' "$f") server_cpu_cores=$(echo "($t1 - $t0) / $HZ / $wt" | bc -l | xargs printf '%.2f')" \
      "wrk_cpu_cores=$(awk -v d="$wt" '{printf "%.2f", ($1+$2)/d}' "$OUT/wrk.time") server_peak_rss_kib=$(peak_rss "$SERVER_PID")" \
      "resp_bytes=$bytes errors='$(awk '/Non-2xx|Socket errors/{print}' "$f" | tr '\n' ' ')'"
  done
}

# fit inside 300x300, WebP q80: the same output as the sharp server (300x169 from j3, 225x300 from j6)
J3="src=j3-cardinal-1920x1080.jpg&w=300&h=300&fit=inside&fmt=webp&q=80"
J6="src=j6-iphonexs-4032x3024.jpg&w=300&h=300&fit=inside&fmt=webp&q=80"

start cold --thumbd.cache.enabled=false
WARM=${COLD_WARM:-5}
run T-cold-webp-j3 "http://127.0.0.1:$PORT/v1/resize?$J3" $CONNS
run T-cold-webp-j6 "http://127.0.0.1:$PORT/v1/resize?$J6" $CONNS
# heap after the cold runs: committed capacity and the peak old generation (KiB), from the JVM itself
"$JAVA_HOME/bin/jstat" -gc "$SERVER_PID" | awk 'NR==2{printf "HEAP committed_kib=%.0f old_used_kib=%.0f metaspace_kib=%.0f\n", $1+$2+$5+$7, $8, $10}'
stop

start hit
# the hit path is thin code run 20,000 times a second: give the JIT 30 s to finish with it, as a long-running origin has
WARM=${HIT_WARM:-30}
run T-hit-webp-j3 "http://127.0.0.1:$PORT/v1/resize?$J3" $CONNS
stop

if [ "${PEERS:-1}" != 0 ]; then
  WORK=$WORK CORPUS=$CORPUS NODE_MODULES=${NODE_MODULES:?set NODE_MODULES for the peers, or PEERS=0} \
    CONNS=$CONNS bash "$PEERS_DIR/http-bench.sh" "$DUR"
fi
