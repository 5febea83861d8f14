#!/usr/bin/env bash
# The reconnect storm on a fresh server, with and without the JDK 25 AOT cache (JEP 514/515: classes loaded and
# linked, and method profiles, from a training run), alternating, RUNS each. Server on core 0, load on core 1.
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java bench/storm-aot.sh
# Writes bench/results/storm-aot.jsonl. The training run is one storm of 19,000 plus the relay's fixed rate,
# then SIGTERM: the JVM writes the cache as it exits.
set -euo pipefail
cd "$(dirname "$0")"
RUNS=${RUNS:-3}
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
JAR=${JAR:-../target/quarkus-app/quarkus-run.jar}
JVM_FLAGS=${JVM_FLAGS:-"-XX:+UseSerialGC -Xms32m -Xmx1g -Xmn24m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -Xss512k -XX:+UseCompactObjectHeaders"}
CACHE=results/hourglass.aot
OUT=results/storm-aot.jsonl
# shellcheck source=storm-server.sh
. ./storm-server.sh
storm() { # label
  storm_row hourglass ws://127.0.0.1:18080 | sed "s/^{/{\"server\":\"hourglass\",\"jvm\":\"$1\",/" | tee -a "$OUT"
}
: > "$OUT"
rm -f "$CACHE"
start "-XX:AOTCacheOutput=$CACHE"
storm_row hourglass ws://127.0.0.1:18080 > /dev/null
taskset -c 1 node loadgen.mjs --protocol hourglass --url ws://127.0.0.1:18080 --server-pid "$PID" --scenario rate --rate 20000 --warmup 2 --duration 5 > /dev/null
stop
ls -la "$CACHE"
for run in $(seq 1 "$RUNS"); do
  start; storm default; stop
  start "-XX:AOTCache=$CACHE"; storm aot-cache; stop
  start -XX:TieredStopAtLevel=1; storm c1-only; stop
done
