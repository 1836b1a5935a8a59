#!/usr/bin/env bash
# The memory warm-up of benchmarks/load/memory-warmup.sh against the sharp HTTP peer (../shared/peers/node/
# server-sharp.js, libvips, no cache), for a same-sitting ratio of peak RSS: the same 4 originals, the same 320 URLs
# (40 widths x jpeg, webp), C at a time. sharp fits inside w x w and enlarges (thumbd keeps the width and does not),
# so its work per URL is close to but not the same as thumbd's.
#
# usage: NODE_MODULES=/tmp/peers/node/node_modules benchmarks/peers/memory-sharp.sh C     (CORPUS: ../shared/corpus)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
C=${1:?concurrency}
CORPUS=$(realpath "${CORPUS:-$ROOT/../shared/corpus}")
PEERS_DIR=${PEERS_DIR:-$ROOT/../shared/peers}
PORT=${PORT:-18095}
work=$(mktemp -d)
for f in j6-iphonexs-4032x3024.jpg p1-paper-alpha-2048x1536.png a1-earth-3082x2048.avif; do cp "$CORPUS/$f" "$work/"; done
convert "$CORPUS/j6-iphonexs-4032x3024.jpg" -auto-orient -resize '6000x4000!' -quality 90 "$work/big-6000x4000.jpg"
NODE_PATH=${NODE_MODULES:-/tmp/peers/node/node_modules} UV_THREADPOOL_SIZE=2 SHARP_CONCURRENCY=1 PORT=$PORT \
  CORPUS_DIR=$work node "$PEERS_DIR/node/server-sharp.js" > "$work/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 50); do grep -q listening "$work/server.log" 2>/dev/null && break; sleep 0.2; done
start=$(date +%s)
for s in j6-iphonexs-4032x3024.jpg p1-paper-alpha-2048x1536.png a1-earth-3082x2048.avif big-6000x4000.jpg; do
  for w in $(seq 100 60 2440); do
    for f in jpeg webp; do echo "http://127.0.0.1:$PORT/v1/resize?src=$s&w=$w&fmt=$f"; done
  done
done | xargs -P "$C" -n 1 curl -s -o /dev/null -w "%{http_code}\n" | sort | uniq -c | tr '\n' ' '
echo "<- sharp, $C at a time, $(( $(date +%s) - start )) s; peak RSS $(( $(grep VmHWM /proc/$pid/status | awk '{print $2}') / 1024 )) MiB"
