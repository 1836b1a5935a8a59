#!/usr/bin/env bash
# The overlay (wm) against sharp's composite in one sitting: a corpus photo and a semi-transparent logo made by sharp
# (400x200 PNG), then thumbd's OverlayBenchmark (JMH) and sharp's
# .resize(800).composite([{input: logo resized to 200 wide, gravity: 'southeast'}]).jpeg({quality: 80}) on the same files.
#
# usage: SHARP=/tmp/peers/node/node_modules/sharp CORPUS=../shared/corpus benchmarks/peers/overlay-sharp.sh
# Build the JMH jar first (./mvnw -pl benchmarks -am package -DskipTests). Run it alone: figures are per thread.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CORPUS=${CORPUS:-$ROOT/../shared/corpus}
SHARP=${SHARP:-/tmp/peers/node/node_modules/sharp}
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
WORK=$(mktemp -d)
PHOTO=$CORPUS/j4-flickr-2725x2225.jpg
LOGO=$WORK/logo.png
node -e "
const sharp = require('$SHARP');
const svg = '<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"400\" height=\"200\">'
  + '<rect x=\"10\" y=\"10\" width=\"380\" height=\"180\" rx=\"40\" fill=\"#ffffff\" fill-opacity=\"0.6\"/>'
  + '<circle cx=\"100\" cy=\"100\" r=\"70\" fill=\"#d02020\"/>'
  + '<rect x=\"190\" y=\"60\" width=\"180\" height=\"80\" fill=\"#2040d0\" fill-opacity=\"0.8\"/></svg>';
sharp(Buffer.from(svg)).png().toFile('$LOGO').then(i => console.log('logo', i.width + 'x' + i.height, i.channels, 'channels'));
"
"$JAVA" --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -jar "$ROOT/benchmarks/target/benchmarks.jar" \
  OverlayBenchmark -f 1 -wi 3 -i 5 -w 1 -r 1 -p file="$PHOTO" -p overlay="$LOGO" 2>&1 | grep -E "^Benchmark|OverlayBenchmark"
node -e "
const sharp = require('$SHARP');
sharp.concurrency(1); sharp.cache(false);
const fs = require('fs');
const input = fs.readFileSync('$PHOTO');
const logo = fs.readFileSync('$LOGO');
const marked = async () => {
  const mark = await sharp(logo).resize(200).toBuffer();
  return sharp(input).resize(800).composite([{input: mark, gravity: 'southeast'}]).jpeg({quality: 80})
      .toBuffer({resolveWithObject: true});
};
const plain = () => sharp(input).resize(800).jpeg({quality: 80}).toBuffer({resolveWithObject: true});
const time = async (name, once) => {
  for (let i = 0; i < 10; i++) await once();
  const runs = [];
  for (let r = 0; r < 5; r++) {
    const n = 30, t0 = process.hrtime.bigint();
    let info;
    for (let i = 0; i < n; i++) info = (await once()).info;
    runs.push(Number(process.hrtime.bigint() - t0) / 1e6 / n);
    if (r === 0) console.log('sharp', name, 'output', info.width + 'x' + info.height);
  }
  const mean = runs.reduce((a, b) => a + b) / runs.length;
  console.log('sharp', name, 'ms/op', mean.toFixed(3), 'runs', runs.map(x => x.toFixed(2)).join(' '));
};
(async () => { await time('resize+composite', marked); await time('resize only', plain); })();
"
rm -rf "$WORK"
