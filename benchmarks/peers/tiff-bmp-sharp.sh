#!/usr/bin/env bash
# TIFF and BMP input against the peers in one sitting: a corpus photo written by ImageMagick as an LZW TIFF, a CMYK
# LZW TIFF and a 24-bit BMP, then thumbd's DecodeFormatBenchmark (JMH; the JPEG original as the reference row),
# sharp's .resize(300).jpeg({quality: 80}) / .webp({quality: 80}) on the same files (sharp reads TIFF, not BMP), and
# ImageMagick's convert -resize 300x -quality 80 (the peer for BMP; one thread, a process per run) on all three.
#
# usage: [JMH="..."] SHARP=/tmp/peers/node/node_modules/sharp CORPUS=../shared/corpus benchmarks/peers/tiff-bmp-sharp.sh
# Build the JMH jar first (./mvnw -pl benchmarks -am package -DskipTests). Run it alone: figures are per thread.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CORPUS=${CORPUS:-$ROOT/../shared/corpus}
SHARP=${SHARP:-/tmp/peers/node/node_modules/sharp}
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
JMH=${JMH:--f 1 -wi 3 -i 5 -w 1 -r 1}   # JMH settings, e.g. JMH="-f 1 -wi 3 -i 5 -w 2 -r 2"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
PHOTO=$CORPUS/j4-flickr-2725x2225.jpg
convert "$PHOTO" -strip -compress lzw "$WORK/rgb.tif"
convert "$PHOTO" -strip -colorspace CMYK -compress lzw "$WORK/cmyk.tif"
convert "$PHOTO" -strip BMP3:"$WORK/photo.bmp"
for f in rgb.tif cmyk.tif photo.bmp; do
  echo "source $f $(identify -format '%wx%h %[colorspace] %[compression]' "$WORK/$f") $(stat -c %s "$WORK/$f") bytes"
done
"$JAVA" --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -jar "$ROOT/benchmarks/target/benchmarks.jar" \
  DecodeFormatBenchmark $JMH -p file="$WORK/rgb.tif,$WORK/cmyk.tif,$WORK/photo.bmp,$PHOTO" 2>&1 \
  | grep -E "^Benchmark|DecodeFormatBenchmark"
node -e "
const sharp = require('$SHARP');
sharp.concurrency(1); sharp.cache(false);
const fs = require('fs');
const time = async (name, input, fmt) => {
  const once = () => sharp(input).resize(300)[fmt]({quality: 80}).toBuffer({resolveWithObject: true});
  for (let i = 0; i < 5; i++) await once();
  const runs = [];
  let info;
  for (let r = 0; r < 5; r++) {
    const n = 10, t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) info = (await once()).info;
    runs.push(Number(process.hrtime.bigint() - t0) / 1e6 / n);
  }
  const mean = runs.reduce((a, b) => a + b) / runs.length;
  console.log('sharp', name, fmt, info.width + 'x' + info.height, 'ms/op', mean.toFixed(2), 'runs', runs.map(x => x.toFixed(2)).join(' '));
};
(async () => {
  for (const [name, path] of [['rgb.tif', '$WORK/rgb.tif'], ['cmyk.tif', '$WORK/cmyk.tif'], ['j4.jpg', '$PHOTO']]) {
    const input = fs.readFileSync(path);
    for (const fmt of ['jpeg', 'webp']) await time(name, input, fmt);
  }
})();
"
export MAGICK_THREAD_LIMIT=1
for f in photo.bmp rgb.tif cmyk.tif; do
  for fmt in jpg webp; do
    convert "$WORK/$f" -resize 300x -quality 80 "$WORK/out.$fmt"
    runs=()
    for r in 1 2 3 4 5; do
      t0=$(date +%s%N)
      convert "$WORK/$f" -resize 300x -quality 80 "$WORK/out.$fmt"
      runs+=("$(( ($(date +%s%N) - t0) / 1000000 ))")
    done
    echo "convert $f $fmt $(identify -format '%wx%h' "$WORK/out.$fmt") ms/run ${runs[*]}" \
      "median $(printf '%s\n' "${runs[@]}" | sort -n | sed -n 3p)"
  done
done
