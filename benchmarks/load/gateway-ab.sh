#!/usr/bin/env bash
# The gateway's proxy path, A/B in one sitting: one resizer, several gateways in front of it (one per variant), then
# rounds of `wrk -t1 -c64 --latency` against the resizer direct and each gateway in turn, so that every variant sees
# the same machine state. Prints req/s, p50/p99 and the gateway's CPU per request (user+system ticks of its process
# over the run, /proc/<pid>/stat), the figure least moved by other load on the box.
#
# usage: VARIANTS=$'name|extra JVM options|extra gateway arguments|checkout (optional)\n...' \
#          benchmarks/load/gateway-ab.sh
#   CACHE=true      the gateways' hot thumbnails on (default false: every request is passed through)
#   ROUNDS (2), WARM (15 s per gateway), DUR (8 s per run), DIRECT (1: also the resizer direct)
#   CORPUS (../shared/corpus) holds j3-cardinal-1920x1080.jpg; a variant's checkout is another built tree of thumbd
#   PEER_NGINX=1    also nginx (the peer proxy: proxy_pass to the same resizer, upstream keep-alive, one worker per
#                   core) in every round, with the CPU of its workers per request
# e.g. VARIANTS=$'general||--thumbd.gateway.lean-routing=false\nlean||' benchmarks/load/gateway-ab.sh
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
CORPUS=$(realpath "${CORPUS:-$ROOT/../shared/corpus}")
OUT=${OUT:-$(mktemp -d)}; mkdir -p "$OUT/data"
cp "$CORPUS/j3-cardinal-1920x1080.jpg" "$OUT/data/"
RPORT=${RPORT:-18293}; PIDS=(); export THUMBD_BUILT=1
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
( cd "$ROOT" && exec ./thumbd resizer --port "$RPORT" --thumbd.store.root="$OUT/data" --thumbd.cache.disk.dir="$OUT/cache" \
    --thumbd.degradation.water-levels=false --logging.level.root=WARN ) > "$OUT/resizer.log" 2>&1 &
PIDS+=($!)
i=0; NAMES=(); PORTS=()
while IFS='|' read -r name jopts gargs groot; do
  [ -z "$name" ] && continue
  port=$((RPORT + 7 + 10 * i)); i=$((i + 1)); NAMES+=("$name"); PORTS+=("$port")
  gopts="-XX:+UseSerialGC -Xms32m -Xmx192m -Xss512k -XX:ReservedCodeCacheSize=64m -XX:MaxDirectMemorySize=64m -XX:+ExitOnOutOfMemoryError $jopts"
  # shellcheck disable=SC2086
  ( cd "${groot:-$ROOT}" && THUMBD_GATEWAY_JAVA_OPTS="$gopts" exec ./thumbd gateway --port "$port" \
      --thumbd.gateway.resizers="http://127.0.0.1:$RPORT" --thumbd.gateway.allow-unsigned=true \
      --thumbd.gateway.rate-limit.enabled=false --thumbd.gateway.cache.enabled="${CACHE:-false}" \
      --logging.level.root=WARN $gargs ) > "$OUT/gateway-$name.log" 2>&1 &
  PIDS+=($!)
done <<< "${VARIANTS:?VARIANTS: name|jvm options|gateway arguments|checkout, one a line}"
if [ "${PEER_NGINX:-0}" = 1 ]; then
  NPORT=$((RPORT + 5)); mkdir -p "$OUT/nginx/tmp"
  cat > "$OUT/nginx/nginx.conf" <<CONF
worker_processes auto;
pid $OUT/nginx/nginx.pid;
error_log $OUT/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    keepalive_requests 100000;
    client_body_temp_path $OUT/nginx/tmp; proxy_temp_path $OUT/nginx/tmp; fastcgi_temp_path $OUT/nginx/tmp;
    uwsgi_temp_path $OUT/nginx/tmp; scgi_temp_path $OUT/nginx/tmp;
    upstream resizer { server 127.0.0.1:$RPORT; keepalive 64; }
    server {
        listen 127.0.0.1:$NPORT reuseport;
        location / { proxy_pass http://resizer; proxy_http_version 1.1; proxy_set_header Connection ""; }
    }
}
CONF
  nginx -c "$OUT/nginx/nginx.conf" -e "$OUT/nginx/error.log" || exit 1
  stop_nginx() { kill "$(cat "$OUT/nginx/nginx.pid")" 2>/dev/null || true; }
  trap 'cleanup; stop_nginx' EXIT
  NAMES+=("nginx (peer)"); PORTS+=("$NPORT")
fi
for _ in $(seq 240); do
  ok=1
  for p in "${PORTS[@]}"; do
    [ "$p" = "${NPORT:-}" ] && continue
    curl -fs -o /dev/null "http://127.0.0.1:$((p + 1000))/actuator/health/readiness" || ok=0
  done
  curl -fs -o /dev/null "http://127.0.0.1:$((RPORT + 1))/actuator/health/readiness" || ok=0
  [ "$ok" = 1 ] && break
  sleep 0.5
done
Q="src=j3-cardinal-1920x1080.jpg&w=300&h=300&fit=inside&fmt=webp&q=80"
for p in "${PORTS[@]}"; do curl -fs -o /dev/null -w "gateway :$p %{http_code} %{size_download} bytes\n" "http://127.0.0.1:$p/v1/resize?$Q"; done
[ "${DIRECT:-1}" = 1 ] && wrk -t1 -c64 -d10s "http://127.0.0.1:$RPORT/v1/resize?$Q" > /dev/null
for p in "${PORTS[@]}"; do wrk -t1 -c64 -d"${WARM:-15}"s "http://127.0.0.1:$p/v1/resize?$Q" > /dev/null; done
ticks() { local t=0 q; for q in $1; do t=$((t + $(awk '{print $14 + $15}' "/proc/$q/stat"))); done; echo "$t"; }
# the processes that serve a port: the gateway's JVM, or nginx's workers
servers() { if [ "$1" = "${NPORT:-}" ]; then pgrep -P "$(cat "$OUT/nginx/nginx.pid")" | tr '\n' ' '; else pgrep -f "server.port=$1" | head -1; fi; }
field() { awk -v k="$1" '$1 == k {print $2}' "$OUT/wrk.txt"; }
for r in $(seq "${ROUNDS:-2}"); do
  if [ "${DIRECT:-1}" = 1 ]; then
    wrk -t1 -c64 -d"${DUR:-8}"s --latency "http://127.0.0.1:$RPORT/v1/resize?$Q" > "$OUT/wrk.txt"
    printf 'r%s %-16s %9s req/s p50 %s p99 %s\n' "$r" direct "$(field Requests/sec:)" "$(field 50%)" "$(field 99%)"
  fi
  for k in "${!PORTS[@]}"; do
    p=${PORTS[$k]}; gp=$(servers "$p")
    g0=$(ticks "$gp"); t0=$(date +%s.%N)
    wrk -t1 -c64 -d"${DUR:-8}"s --latency "http://127.0.0.1:$p/v1/resize?$Q" > "$OUT/wrk.txt"
    t=$(echo "$(date +%s.%N) - $t0" | bc -l); g=$(echo "($(ticks "$gp") - $g0) / 100 / $t" | bc -l)
    rps=$(field Requests/sec:)
    printf 'r%s %-16s %9s req/s p50 %s p99 %s proxy cores %.2f, %.0f us/request%s\n' "$r" "${NAMES[$k]}" "$rps" \
      "$(field 50%)" "$(field 99%)" "$g" "$(echo "$g / $rps * 1000000" | bc -l)" \
      "$(grep -q Non-2xx "$OUT/wrk.txt" && echo ' (non-2xx answers!)')"
  done
done
