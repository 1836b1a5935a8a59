#!/usr/bin/env bash
# What a CDN origin sees: the long tail of many variants with Zipf popularity, through the gateway with its default
# settings plus the CDN recipe (docs/CDN.md: the edge is a trusted proxy and names viewers in X-Forwarded-For), and
# against a resizer directly, in one sitting.
#
# The mix: every photo of the corpus (12) x 40 widths (100..1660 px) x 2 formats (webp, jpeg) = 960 URLs, asked with
# Zipf popularity (s = 1.0, rank by a fixed shuffle), 64 connections, wrk -t1 on the same box, each request from one
# of 1,000 viewers named in X-Forwarded-For by the edge (wrk's loopback address, which the gateway trusts here as
# the CDN recipe trusts the CDN's ranges): the default per-client rate limit then applies per viewer.
# An origin behind a CDN serves its long tail from its own persistent caches: every variant is rendered once first
# (through the direct resizer, 2 at a time), which stores it in the shared store's derivatives (L3). Each target then
# has its own resizer with empty memory and disk caches: its first request of a variant reads it from L3, later ones
# hit L1. Each target is warmed for 15 s with the mix (JIT), then measured for DURATION_S seconds.
# usage: benchmarks/load/cdn-origin.sh [DURATION_S]   (default 30; needs wrk, curl; CORPUS=../shared/corpus)
# Writes RESULT lines: target, req/s, p50, p99, status counts, server CPU cores.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CORPUS=$(realpath "${CORPUS:-$ROOT/../shared/corpus}")
DUR=${1:-30}
WORK=${WORK:-/tmp/thumbd-cdn-origin}
R1=18493 R2=18495 G=18500
HZ=$(getconf CLK_TCK)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
rm -rf "$WORK"; mkdir -p "$WORK/data"
PHOTOS=$(cd "$CORPUS" && ls -- *.jpg *.png *.webp *.avif 2>/dev/null)
for p in $PHOTOS; do cp "$CORPUS/$p" "$WORK/data/"; done
"$ROOT/thumbd" build >/dev/null
export THUMBD_BUILT=1
resizer() { # port name
  ( cd "$ROOT" && exec ./thumbd resizer --port "$1" --thumbd.store.root="$WORK/data" --thumbd.cache.disk.dir="$WORK/cache-$2" \
      --logging.level.root=WARN ) > "$WORK/$2.log" 2>&1 &
  PIDS+=($!)
}
ready() { for _ in $(seq 240); do curl -fs -o /dev/null "http://127.0.0.1:$1/actuator/health/readiness" 2>/dev/null && return; sleep 0.5; done; }
resizer $R1 direct
ready $((R1 + 1))
# the Lua mix: WIDTHS and the photo list are baked in; a fixed seed makes the popularity ranking the same for each run
mix() { # file first-width step
  {
    echo "local photos = {"; for p in $PHOTOS; do echo "  \"$p\","; done; echo "}"
    cat <<LUA
local urls = {}
for _, p in ipairs(photos) do
  for i = 0, 39 do
    for _, f in ipairs({"webp", "jpeg"}) do
      urls[#urls + 1] = "/v1/resize?src=" .. p .. "&w=" .. ($2 + i * $3) .. "&fmt=" .. f
    end
  end
end
math.randomseed(20261203)
for i = #urls, 2, -1 do local j = math.random(i); urls[i], urls[j] = urls[j], urls[i] end
-- Zipf (s = 1): cumulative weights 1/k, sampled by binary search
local cdf, total = {}, 0
for k = 1, #urls do total = total + 1 / k; cdf[k] = total end
local function pick()
  local x, lo, hi = math.random() * total, 1, #urls
  while lo < hi do local mid = math.floor((lo + hi) / 2); if cdf[mid] < x then lo = mid + 1 else hi = mid end end
  return urls[lo]
end
request = function()
  local viewer = "198.51." .. math.random(0, 3) .. "." .. math.random(1, 250)
  return wrk.format("GET", pick(), { ["X-Forwarded-For"] = viewer })
end
LUA
  } > "$1"
}
mix "$WORK/mix.lua" 100 40
# every variant rendered once, 2 at a time (the resizer's workers), into the direct resizer's disk cache (L2)
for p in $PHOTOS; do for i in $(seq 0 39); do for f in webp jpeg; do
  echo "http://127.0.0.1:$R1/v1/resize?src=$p&w=$((100 + i * 40))&fmt=$f"; done; done; done > "$WORK/urls.txt"
t0=$(date +%s)
xargs -P2 -n1 curl -s -o /dev/null -w '%{http_code}\n' < "$WORK/urls.txt" | sort | uniq -c | sed 's/^/prerender: /'
echo "prerender: $(wc -l < "$WORK/urls.txt") variants in $(( $(date +%s) - t0 )) s"
kill "${PIDS[0]}"; wait "${PIDS[0]}" 2>/dev/null || true; PIDS=()
# both targets start with the same disk cache (rebuilt from the directory at start) and an empty memory cache
cp -a "$WORK/cache-direct" "$WORK/cache-behind"
resizer $R1 direct
resizer $R2 behind
( cd "$ROOT" && exec ./thumbd gateway --port $G --thumbd.gateway.resizers=http://127.0.0.1:$R2 \
    --thumbd.gateway.allow-unsigned=true --thumbd.gateway.trusted-proxies=127.0.0.0/8 \
    --thumbd.gateway.forwarded-header=x-forwarded-for --logging.level.root=WARN ) > "$WORK/gateway.log" 2>&1 &
PIDS+=($!)
ready $((R1 + 1)); ready $((R2 + 1)); ready $((G + 1000))
pid_on() { pgrep -f "server.port=$1" | head -1; }
ticks() { local t=0; for p in "$@"; do t=$((t + $(awk '{print $14+$15}' "/proc/$p/stat"))); done; echo $t; }
run() { # name base-url pids...
  local name=$1 url=$2; shift 2
  wrk -t1 -c64 -d15s -s "$WORK/mix.lua" "$url" > /dev/null
  local t0 w0 f=$WORK/$name.txt
  t0=$(ticks "$@"); w0=$(date +%s.%N)
  wrk -t1 -c64 -d"${DUR}s" --latency -s "$WORK/mix.lua" "$url" > "$f"
  local wt; wt=$(echo "$(date +%s.%N) - $w0" | bc -l)
  echo "RESULT target=$name rps=$(awk '/Requests\/sec/{print $2}' "$f") p50=$(awk '/^ +50%/{print $2}' "$f")" \
    "p99=$(awk '/^ +99%/{print $2}' "$f") server_cpu_cores=$(echo "($(ticks "$@") - $t0) / $HZ / $wt" | bc -l | xargs printf '%.2f')" \
    "errors='$(awk '/Non-2xx|Socket errors/{print}' "$f" | tr '\n' ' ')'"
}
run resizer-direct "http://127.0.0.1:$R1" "$(pid_on $R1)"
run gateway "http://127.0.0.1:$G" "$(pid_on $G)" "$(pid_on $R2)"
