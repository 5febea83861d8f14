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
HOURGLASS_FLAGS="-Dquarkus.http.port=18080 -Dhourglass.ws.rate-limit=10000000 -Dhourglass.ws.rate-burst=10000000
  -Dhourglass.ws.max-connections=20000 -Dhourglass.ws.max-connections-per-address=20000
  -Dhourglass.ws.connection-rate=10000000 -Dhourglass.ws.connection-burst=10000000 -Dquarkus.vertx.event-loops-pool-size=1
  -Dquarkus.log.level=WARN"
CACHE=results/hourglass.aot
OUT=results/storm-aot.jsonl
ulimit -n 20000 2>/dev/null || true
# shellcheck source=ports.sh
. ./ports.sh
PID=
start() { # extra JVM flags
  # shellcheck disable=SC2086
  taskset -c 0 "$JAVA" $JVM_FLAGS "$@" $HOURGLASS_FLAGS -jar "$JAR" > results/hourglass.log 2>&1 &
  PID=$!
  for _ in $(seq 1 300); do curl -fs -o /dev/null http://127.0.0.1:18080/q/health/ready && return 0; sleep 0.05; done
  echo "not ready" >&2; return 1
}
stop() { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; port_free 18080; }
trap stop EXIT
storm() { # label
  taskset -c 1 node loadgen.mjs --protocol hourglass --url ws://127.0.0.1:18080 --server-pid "$PID" --scenario storm \
    --connections 19000 | sed "s/^{/{\"server\":\"hourglass\",\"jvm\":\"$1\",/" | tee -a "$OUT"
}
: > "$OUT"
rm -f "$CACHE"
start "-XX:AOTCacheOutput=$CACHE"
taskset -c 1 node loadgen.mjs --protocol hourglass --url ws://127.0.0.1:18080 --server-pid "$PID" --scenario storm --connections 19000 > /dev/null
taskset -c 1 node loadgen.mjs --protocol hourglass --url ws://127.0.0.1:18080 --server-pid "$PID" --scenario rate --rate 20000 --warmup 2 --duration 5 > /dev/null
stop
ls -la "$CACHE"
for run in $(seq 1 "$RUNS"); do
  start; storm default; stop
  start "-XX:AOTCache=$CACHE"; storm aot-cache; stop
  start -XX:TieredStopAtLevel=1; storm c1-only; stop
done
