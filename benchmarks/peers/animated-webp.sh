#!/usr/bin/env bash
# Animated WebP resize, thumbd against sharp, one image at a time, on the same file in the same sitting.
# The input: 24 frames of 640x480 cut from a corpus photo (cwebp -crop -resize), joined by img2webp (lossy q80,
# 80 ms a frame, looping). Both resize it to 200 px wide, every frame, and write an animated WebP.
#   WORK=/tmp/peers CORPUS=../shared/corpus NODE_MODULES=/tmp/peers/node/node_modules benchmarks/peers/animated-webp.sh
set -euo pipefail
WORK=${WORK:-/tmp/peers}
CORPUS=${CORPUS:-../shared/corpus}
NODE_MODULES=${NODE_MODULES:-/tmp/peers/node/node_modules}
dir="$WORK/animated"
mkdir -p "$dir"
input="$dir/anim-640x480x24.webp"
if [ ! -f "$input" ]; then
  for i in $(seq 0 23); do
    cwebp -quiet -q 90 -crop $((i * 40)) $((i * 20)) 1280 960 -resize 640 480 \
      "$CORPUS/j4-flickr-2725x2225.jpg" -o "$dir/f$(printf %02d "$i").webp"
  done
  img2webp -loop 0 -lossy -q 80 -d 80 "$dir"/f*.webp -o "$input"
fi
./thumbd resize "$input" --w 200 --fmt webp --bench --repeat 5 --runs 3 --warmup 2 --label anim 2>&1 | grep -v '^thumbd:'
cat > "$dir/sharp-anim.js" <<'JS'
const sharp = require(process.env.NODE_MODULES + '/sharp');
const fs = require('fs');
const input = fs.readFileSync(process.argv[2]);
const n = +process.argv[3] || 5;
sharp.concurrency(1);
const once = () => sharp(input, {animated: true}).resize(200).webp().toBuffer({resolveWithObject: true});
(async () => {
  for (let i = 0; i < 3; i++) await once();
  const runs = [];
  let out;
  for (let r = 0; r < 3; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) out = await once();
    runs.push(Number(process.hrtime.bigint() - t0) / 1e6 / n);
  }
  runs.sort((a, b) => a - b);
  console.log(`RESULT sharp ${require(process.env.NODE_MODULES + '/sharp/package.json').version}`
    + ` ms_per_image_median=${runs[1].toFixed(1)} runs=${runs.map(x => x.toFixed(1)).join(',')}`
    + ` out=${out.info.width}x${out.info.height} pages=${out.info.pages} bytes=${out.data.length}`);
})();
JS
NODE_MODULES="$NODE_MODULES" node "$dir/sharp-anim.js" "$input" 5
