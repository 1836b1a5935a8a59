#!/usr/bin/env bash
# Cache hits through the gateway, directly from the resizer, and from nginx serving the same bytes as a static file,
# in one sitting (wrk -t1 on loopback, same box). The gateway runs as ./thumbd gateway does, in front of one resizer,
# with unsigned URLs allowed and the rate limit off (one load generator is one client); a signed URL would cost one
# HMAC more per request (measured separately below as "gateway-signed"). A second gateway with its hot-thumbnail
# cache switched off ("gateway-passthrough") measures the proxy path every miss takes.
#
# Each target is warmed up for WARM seconds (60) first: the gateway's code path is long and its JIT needs that.
# usage: WORK=/tmp/peers benchmarks/peers/gateway-http.sh [DURATION_S]   (default 15; CONNS="16 64")
# Needs wrk, curl, nginx. Writes RESULT lines like compare-http.sh.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${WORK:-/tmp/peers}
CORPUS=$(realpath "${CORPUS:-$ROOT/../shared/corpus}")
DUR=${1:-15}
CONNS=${CONNS:-"16 64"}
RPORT=18093 GPORT=18100 PPORT=18110 NPORT=18092
OUT=$WORK/gateway; mkdir -p "$OUT"
HZ=$(getconf CLK_TCK)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

"$ROOT/thumbd" build >/dev/null
export THUMBD_BUILT=1   # the services below start from what was just built, even if sources change meanwhile
rm -rf "$OUT/data" "$OUT/cache"; mkdir -p "$OUT/data"
cp "$CORPUS"/j3-cardinal-1920x1080.jpg "$OUT/data/"
( cd "$ROOT" && exec ./thumbd resizer --port $RPORT --thumbd.store.root="$OUT/data" --thumbd.cache.disk.dir="$OUT/cache" \
    --thumbd.degradation.water-levels=false \
    --logging.level.root=WARN ) > "$OUT/resizer.log" 2>&1 &
PIDS+=($!)
( cd "$ROOT" && exec ./thumbd gateway --port $GPORT --thumbd.gateway.resizers=http://127.0.0.1:$RPORT \
    --thumbd.gateway.allow-unsigned=true --thumbd.gateway.rate-limit.enabled=false \
    --thumbd.signing.keys.b1=benchmark-secret-0123456789abcdefghij --logging.level.root=WARN ) > "$OUT/gateway.log" 2>&1 &
PIDS+=($!)
( cd "$ROOT" && exec ./thumbd gateway --port $PPORT --thumbd.gateway.resizers=http://127.0.0.1:$RPORT \
    --thumbd.gateway.allow-unsigned=true --thumbd.gateway.rate-limit.enabled=false --thumbd.gateway.cache.enabled=false \
    --thumbd.signing.keys.b1=benchmark-secret-0123456789abcdefghij --logging.level.root=WARN ) > "$OUT/gateway-passthrough.log" 2>&1 &
PIDS+=($!)
# nginx static: the thumbnail thumbd makes, as a file
mkdir -p "$OUT/nginx/tmp" "$OUT/thumbs"
cat > "$OUT/nginx/nginx.conf" <<CONF
worker_processes 2;
pid $OUT/nginx/nginx.pid;
error_log $OUT/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log off; sendfile on; tcp_nopush on; keepalive_requests 100000;
    types { image/webp webp; }
    client_body_temp_path $OUT/nginx/tmp; proxy_temp_path $OUT/nginx/tmp; fastcgi_temp_path $OUT/nginx/tmp;
    uwsgi_temp_path $OUT/nginx/tmp; scgi_temp_path $OUT/nginx/tmp;
    server { listen 127.0.0.1:$NPORT reuseport; location /thumbs/ { alias $OUT/thumbs/; } }
}
CONF
for _ in $(seq 240); do
  curl -fs -o /dev/null "http://127.0.0.1:$((GPORT + 1000))/actuator/health/readiness" 2>/dev/null \
    && curl -fs -o /dev/null "http://127.0.0.1:$((PPORT + 1000))/actuator/health/readiness" 2>/dev/null \
    && curl -fs -o /dev/null "http://127.0.0.1:$((RPORT + 1))/actuator/health/readiness" 2>/dev/null && break
  sleep 0.5
done
Q="src=j3-cardinal-1920x1080.jpg&w=300&h=300&fit=inside&fmt=webp&q=80"
curl -fs -o "$OUT/thumbs/thumb.webp" "http://127.0.0.1:$RPORT/v1/resize?$Q"
/usr/sbin/nginx -p "$OUT/nginx" -c "$OUT/nginx/nginx.conf" -g 'daemon off;' & PIDS+=($!)
sleep 1
SIGNED=$(cd "$ROOT" && THUMBD_SIGNING_KEYS=b1=benchmark-secret-0123456789abcdefghij ./thumbd sign "/v1/resize?$Q" 2>/dev/null | tail -1)

pids_of() { case $1 in gateway) pgrep -f "server.port=$GPORT" | head -1; pgrep -f "server.port=$RPORT" | head -1;;
  gateway-passthrough) pgrep -f "server.port=$PPORT" | head -1; pgrep -f "server.port=$RPORT" | head -1;;
  resizer) pgrep -f "server.port=$RPORT" | head -1;; nginx) local m; m=$(cat "$OUT/nginx/nginx.pid"); echo "$m $(pgrep -P "$m" | tr '\n' ' ')";; esac; }
cpu_ticks() { local t=0; for p in $*; do t=$((t + $(awk '{print $14+$15}' "/proc/$p/stat"))); done; echo $t; }

run() { # name server url
  local name=$1 server=$2 url=$3 procs
  procs=$(pids_of "$server" | tr '\n' ' ')
  timeout $((${WARM:-60} + 30)) wrk -t1 -c64 -d"${WARM:-60}s" "$url" > /dev/null   # warm-up: JIT on every process in the path
  for c in $CONNS; do
    local f=$OUT/$name-c$c.txt t0 t1 w0 wt
    t0=$(cpu_ticks $procs); w0=$(date +%s.%N)
    wrk -t1 -c"$c" -d"${DUR}s" --latency "$url" > "$f"
    wt=$(echo "$(date +%s.%N) - $w0" | bc -l); t1=$(cpu_ticks $procs)
    echo "RESULT scenario=$name conns=$c rps=$(awk '/Requests\/sec/{print $2}' "$f") p50=$(awk '/^ +50%/{print $2}' "$f")" \
      "p99=$(awk '/^ +99%/{print $2}' "$f") server_cpu_cores=$(echo "($t1 - $t0) / $HZ / $wt" | bc -l | xargs printf '%.2f')" \
      "errors='$(awk '/Non-2xx|Socket errors/{print}' "$f" | tr '\n' ' ')'"
  done
}

run resizer-direct resizer "http://127.0.0.1:$RPORT/v1/resize?$Q"
run gateway gateway "http://127.0.0.1:$GPORT/v1/resize?$Q"
run gateway-signed gateway "http://127.0.0.1:$GPORT$SIGNED"
run gateway-passthrough gateway-passthrough "http://127.0.0.1:$PPORT/v1/resize?$Q"
run nginx-static nginx "http://127.0.0.1:$NPORT/thumbs/thumb.webp"
