#!/usr/bin/env bash
# crop and rotate+flop against sharp in one sitting: thumbd's CropTurnBenchmark (JMH) and sharp on the same corpus
# photos, each against the same request without the operation:
#   none: w=300&fmt=jpeg&q=80                      .autoOrient().resize(300).jpeg({quality: 80})
#   crop: crop=400,300,1600,1200 then the same     .autoOrient().extract({left: 400, top: 300, width: 1600, height: 1200})
#   turn: rotate=90&flop=true then the same        .autoOrient().rotate(90).flip()
# sharp mirrors before it turns, so thumbd's "turn 90 then mirror left-right" is sharp's rotate(90) with flip()
# (the same pixels; checked against a step-by-step reference before timing).
#
# usage: [JMH="..."] SHARP=/tmp/peers/node/node_modules/sharp CORPUS=../shared/corpus benchmarks/peers/crop-turn-sharp.sh
# Build the JMH jar first (./mvnw -pl benchmarks -am package -DskipTests). Run it alone: figures are per thread.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CORPUS=${CORPUS:-$ROOT/../shared/corpus}
SHARP=${SHARP:-/tmp/peers/node/node_modules/sharp}
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
JMH=${JMH:--f 1 -wi 3 -i 5 -w 1 -r 1}   # JMH settings, e.g. JMH="-f 1 -wi 3 -i 5 -w 2 -r 2"
J4=$CORPUS/j4-flickr-2725x2225.jpg
J6=$CORPUS/j6-iphonexs-4032x3024.jpg
"$JAVA" --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -jar "$ROOT/benchmarks/target/benchmarks.jar" \
  CropTurnBenchmark $JMH -p file="$J4,$J6" 2>&1 | grep -E "^Benchmark|CropTurnBenchmark"
node -e "
const sharp = require('$SHARP');
sharp.concurrency(1); sharp.cache(false);
const fs = require('fs');
const ops = {
  none: s => s,
  crop: s => s.extract({left: 400, top: 300, width: 1600, height: 1200}),
  turn: s => s.rotate(90).flip(),
};
const time = async (name, input, op) => {
  const once = () => ops[op](sharp(input).autoOrient()).resize(300).jpeg({quality: 80}).toBuffer({resolveWithObject: true});
  for (let i = 0; i < 5; i++) await once();
  const runs = [];
  let info;
  for (let r = 0; r < 5; r++) {
    const n = 10, t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) info = (await once()).info;
    runs.push(Number(process.hrtime.bigint() - t0) / 1e6 / n);
  }
  const mean = runs.reduce((a, b) => a + b) / runs.length;
  console.log('sharp', name, op, info.width + 'x' + info.height, 'ms/op', mean.toFixed(2), 'runs', runs.map(x => x.toFixed(2)).join(' '));
};
(async () => {
  for (const [name, path] of [['j4', '$J4'], ['j6', '$J6']]) {
    const input = fs.readFileSync(path);
    for (const op of ['none', 'crop', 'turn']) await time(name, input, op);
  }
})();
"
