#!/usr/bin/env bash
# trim against sharp in one sitting: a corpus photo given a uniform white border (made by sharp), then thumbd's
# TrimBenchmark (JMH) and sharp's .trim({threshold: 10}).resize(300).jpeg({quality: 80}) on that same file.
#
# usage: SHARP=/tmp/peers/node/node_modules/sharp CORPUS=../shared/corpus benchmarks/peers/trim-sharp.sh
# Build the JMH jar first (./mvnw -pl benchmarks -am package -DskipTests). Run it alone: figures are per thread.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CORPUS=${CORPUS:-$ROOT/../shared/corpus}
SHARP=${SHARP:-/tmp/peers/node/node_modules/sharp}
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
WORK=$(mktemp -d)
FILE=$WORK/bordered.jpg
node -e "
const sharp = require('$SHARP');
sharp('$CORPUS/j4-flickr-2725x2225.jpg').extend({top: 150, bottom: 150, left: 150, right: 150,
    background: '#ffffff'}).jpeg({quality: 90}).toFile('$FILE').then(i => console.log('bordered', i.width + 'x' + i.height));
"
"$JAVA" --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -jar "$ROOT/benchmarks/target/benchmarks.jar" \
  TrimBenchmark -f 1 -wi 3 -i 5 -w 1 -r 1 -p file="$FILE" 2>&1 | grep -E "^Benchmark|TrimBenchmark"
node -e "
const sharp = require('$SHARP');
sharp.concurrency(1); sharp.cache(false);
const fs = require('fs');
const input = fs.readFileSync('$FILE');
const once = () => sharp(input).trim({threshold: 10}).resize(300).jpeg({quality: 80}).toBuffer({resolveWithObject: true});
(async () => {
  for (let i = 0; i < 10; i++) await once();
  const runs = [];
  for (let r = 0; r < 5; r++) {
    const n = 30, t0 = process.hrtime.bigint();
    let info;
    for (let i = 0; i < n; i++) info = (await once()).info;
    runs.push(Number(process.hrtime.bigint() - t0) / 1e6 / n);
    if (r === 0) console.log('sharp output', info.width + 'x' + info.height, 'trimOffset', info.trimOffsetLeft, info.trimOffsetTop);
  }
  const mean = runs.reduce((a, b) => a + b) / runs.length;
  console.log('sharp trim+resize ms/op', mean.toFixed(3), 'runs', runs.map(x => x.toFixed(2)).join(' '));
})();
"
rm -rf "$WORK"
