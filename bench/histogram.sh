#!/usr/bin/env bash
# What each idle connection holds: a live-object histogram (jmap -histo:live) of the server before and with
# CONNECTIONS idle connections joined in rooms of 2, and the difference per connection, largest first.
#   bench/histogram.sh            # 10,000 connections, the default java; writes bench/results/histogram.txt
set -euo pipefail
cd "$(dirname "$0")"
CONNECTIONS=${CONNECTIONS:-10000}
JAVA=${JAVA:-java}
JMAP=${JMAP:-$(dirname "$(readlink -f "$(command -v "$JAVA")")")/jmap}
JAR=${JAR:-../target/quarkus-app/quarkus-run.jar}
JVM_FLAGS=${JVM_FLAGS:-"-XX:+UseSerialGC -Xms32m -Xmx1g -Xmn24m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -Xss512k"}
ulimit -n 20000 2>/dev/null || true
# shellcheck disable=SC2086
taskset -c 0 "$JAVA" $JVM_FLAGS -Dquarkus.http.port=18080 -Dhourglass.ws.max-connections-per-address=20000 \
  -Dhourglass.ws.connection-rate=10000000 -Dhourglass.ws.connection-burst=10000000 -Dquarkus.vertx.event-loops-pool-size=1 \
  -Dquarkus.log.level=WARN -jar "$JAR" > results/hourglass.log 2>&1 &
PID=$!
# Waits for the server to be gone, so that a run right after this one finds the port free.
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do curl -fs -o /dev/null http://127.0.0.1:18080/q/health/ready && break; sleep 0.05; done
"$JMAP" -histo:live "$PID" > results/histo-before.txt
taskset -c 1 node loadgen.mjs --protocol hourglass --url ws://127.0.0.1:18080 --server-pid "$PID" --scenario idle \
  --connections "$CONNECTIONS" --hold 20 > results/histo-idle.json &
LOAD=$!
# Connected and settled: the scenario prints nothing until it has measured, so wait for the connection count.
for _ in $(seq 1 600); do
  [ "$(curl -fs http://127.0.0.1:18080/health | sed 's/.*"sessions":\([0-9]*\).*/\1/')" -ge "$CONNECTIONS" ] 2>/dev/null && break
  sleep 0.1
done
sleep 8
"$JMAP" -histo:live "$PID" > results/histo-with.txt
wait "$LOAD"
node -e '
const fs = require("fs");
const read = (f) => { const m = new Map(); for (const line of fs.readFileSync(f, "utf8").split("\n")) {
  const x = /^\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)/.exec(line); if (x) m.set(x[3], { n: +x[1], b: +x[2] }); } return m; };
const before = read("results/histo-before.txt"), after = read("results/histo-with.txt"), n = +process.argv[1];
const rows = [...after].map(([k, v]) => { const b = before.get(k) || { n: 0, b: 0 }; return [k, (v.n - b.n) / n, (v.b - b.b) / n]; })
  .filter((r) => r[2] >= 4).sort((a, b) => b[2] - a[2]);
let total = 0; for (const r of rows) total += r[2];
console.log(`per idle connection, ${n} connections: ${total.toFixed(0)} bytes of live heap in classes adding 4 bytes or more`);
for (const [k, c, b] of rows) console.log(`${b.toFixed(1).padStart(8)} B  ${c.toFixed(2).padStart(6)} objects  ${k}`);
' "$CONNECTIONS" | tee results/histogram.txt
