#!/usr/bin/env bash
# A/B of the resizer's cache-hit path between two checkouts of thumbd on this machine (docs/BENCHMARKS.md):
#   benchmarks/peers/ab-hits.sh /path/to/checkout-a /path/to/checkout-b [rounds]
# Each checkout must be built (./mvnw package -DskipTests); each round starts checkout A's resizer, warms up the hit
# path for 30 s, measures 15 s with wrk at 64 connections, stops it, then does the same for B.
set -euo pipefail
A=${1:?checkout A}; B=${2:?checkout B}; ROUNDS=${3:-2}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64} THUMBD_BUILT=1
PORT=18381
one() { # dir label
  local dir=$1 label=$2 tmp; tmp=$(mktemp -d)
  (cd "$dir" && ./thumbd resizer --port "$PORT" --thumbd.seed.dir=samples --thumbd.store.root="$tmp/data" \
    --thumbd.cache.disk.dir="$tmp/cache" --logging.level.root=WARN > "$tmp/log" 2>&1) &
  local pid=$!
  for _ in $(seq 120); do curl -fs -o /dev/null "localhost:$((PORT + 1))/actuator/health/readiness" && break; sleep 1; done
  local url="http://127.0.0.1:$PORT/v1/resize?src=landscape.jpg&w=300&fmt=webp"
  curl -fs -o /dev/null "$url"
  wrk -t1 -c64 -d30s "$url" > /dev/null
  echo "== $label ($dir)"
  wrk -t1 -c64 -d15s --latency "$url" | grep -E 'Requests/sec|50%|99%'
  pkill -f -- "server.port=$PORT" || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$tmp"
}
for _ in $(seq "$ROUNDS"); do one "$A" A; one "$B" B; done
