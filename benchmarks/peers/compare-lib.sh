#!/usr/bin/env bash
# thumbd on the peer benchmark tasks, in the same shape as the peer scripts' RESULT lines, so both can be run in one
# sitting and compared as ratios (docs/BENCHMARKS.md). Run the peers with ../shared/peers/run-lib.sh first or after.
#
# usage: CORPUS=../shared/corpus WORK=/tmp/peers benchmarks/peers/compare-lib.sh [TASK...]   (default T1 T2 T3 T4)
#   T1 6 JPEG photos -> fit inside 300x300 JPEG q80      T2 same -> WebP q80
#   T3 same -> AVIF q50, AV1 speed 5 (= libvips effort 4) T4 the 2 RGBA PNGs -> WebP q80
# Appends RESULT lines (with peak_rss_kib) to $WORK/results/thumbd-lib.txt, writes outputs to $WORK/out/thumbd-T*/,
# and QUALITY lines for T1 (SSIM against ImageMagick's Lanczos reference, as ../shared/peers/quality.sh does).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CORPUS=${CORPUS:-$ROOT/../shared/corpus}
WORK=${WORK:-/tmp/peers}
PEERS_DIR=${PEERS_DIR:-$ROOT/../shared/peers}
TASKS=("${@:-T1 T2 T3 T4}"); TASKS=(${TASKS[*]})
RES=$WORK/results; mkdir -p "$RES" "$WORK/out"
JPG=("$CORPUS"/j*.jpg); ALPHA=("$CORPUS"/p1-*.png "$CORPUS"/p2-*.png)
"$ROOT/thumbd" build >/dev/null

for t in "${TASKS[@]}"; do
  case $t in
    T1) files=("${JPG[@]}"); fmt=(--fmt jpeg --q 80); reps=6;;
    T2) files=("${JPG[@]}"); fmt=(--fmt webp --q 80); reps=6;;
    T3) files=("${JPG[@]}"); fmt=(--fmt avif --q 50 --effort 5); reps=1;;
    T4) files=("${ALPHA[@]}"); fmt=(--fmt webp --q 80); reps=10;;
    *) echo "unknown task $t" >&2; exit 2;;
  esac
  for th in 1 2; do
    tf=$(mktemp)
    r=$(/usr/bin/time -f '%M' -o "$tf" "$ROOT/thumbd" resize --bench --label "$t" --threads $th --repeat $reps \
        --runs 5 --warmup 2 --w 300 --h 300 --fit inside "${fmt[@]}" --out "$WORK/out/thumbd-$t" "${files[@]}" 2>/dev/null)
    echo "$r" | grep RESULT | sed "s/\$/ peak_rss_kib=$(cat "$tf")/" | tee -a "$RES/thumbd-lib.txt"
    echo "$r" | grep STAGES | tee -a "$RES/thumbd-lib.txt"
    rm -f "$tf"
  done
done

if [[ " ${TASKS[*]} " == *" T1 "* ]]; then
  Q=$WORK/quality; mkdir -p "$Q"
  for ph in j3-cardinal-1920x1080 j4-flickr-2725x2225 j5-jolla-3264x2448; do
    out=$WORK/out/thumbd-T1/$ph.jpg
    wh=$(vipsheader -f width "$out")x$(vipsheader -f height "$out")
    [ -f "$Q/ref-$ph-$wh.png" ] || convert "$CORPUS/$ph.jpg" -filter Lanczos -resize "$wh!" -depth 16 "$Q/ref-$ph-$wh.png"
    echo "QUALITY peer=thumbd file=$ph size=$wh bytes=$(stat -c %s "$out") $(python3 "$PEERS_DIR/ssim.py" "$Q/ref-$ph-$wh.png" "$out")"
  done | tee -a "$RES/thumbd-quality.txt"
fi
