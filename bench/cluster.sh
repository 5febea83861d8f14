#!/usr/bin/env bash
# Two Hourglass instances and Redis on this machine, rooms of 2 with one member on each instance, next to one instance
# in the memory mode, in the same run. Every server process (both instances and Redis) on core 0, the load generator
# on core 1; server CPU is summed over all of them. Writes bench/results/cluster-latest.jsonl and the cluster block of
# docs/benchmarks.md.
#
#   bench/cluster.sh                       # RUNS=3, about 5 minutes
#   RUNS=1 DURATION=5 bench/cluster.sh     # a quick look
set -euo pipefail
cd "$(dirname "$0")"

RUNS=${RUNS:-3}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-5}
JAVA=${JAVA:-java}
JVM_FLAGS=${JVM_FLAGS:-"-XX:+UseSerialGC -Xms32m -Xmx1g -Xmn24m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -Xss512k"}
HOURGLASS_FLAGS="-Dhourglass.ws.rate-limit=10000000 -Dhourglass.ws.rate-burst=10000000 -Dhourglass.ws.max-connections-per-address=20000 -Dhourglass.ws.connection-rate=10000000 -Dhourglass.ws.connection-burst=10000000
  -Dquarkus.vertx.event-loops-pool-size=1 -Dquarkus.log.level=WARN"
CLUSTER_FLAGS="-Dhourglass.cluster=redis -Dquarkus.redis.hosts=redis://127.0.0.1:16379 -Dhourglass.blinding.key=YmVuY2ggYmxpbmRpbmcga2V5IG9mIDMyIGJ5dGVzISE="
SERVER_CORE=${SERVER_CORE:-0}
LOAD_CORE=${LOAD_CORE:-1}

mkdir -p results
OUT=results/cluster-latest.jsonl
: > "$OUT"
[ -f ../target/quarkus-app/quarkus-run.jar ] || (cd .. && ./mvnw -q -DskipTests package)
npm ci --no-audit --no-fund --silent
command -v redis-server >/dev/null || { echo "redis-server is missing: apt-get install redis-server" >&2; exit 1; }

# shellcheck source=ports.sh
. ./ports.sh
PIDS=()
wait_for() { for _ in $(seq 1 300); do curl -fs -o /dev/null "$1" && return 0; sleep 0.05; done; echo "not ready: $1" >&2; return 1; }
start_redis() {
  taskset -c "$SERVER_CORE" redis-server --port 16379 --bind 127.0.0.1 --save "" --appendonly no > results/redis.log 2>&1 &
  PIDS+=($!)
  REDIS_PID=$!
  port_open 16379
}
start_instance() { # port, extra flags
  # shellcheck disable=SC2086
  taskset -c "$SERVER_CORE" "$JAVA" $JVM_FLAGS $HOURGLASS_FLAGS -Dquarkus.http.port="$1" $2 -jar ../target/quarkus-app/quarkus-run.jar \
    > "results/hourglass-$1.log" 2>&1 &
  PIDS+=($!)
  LAST_PID=$!
  wait_for "http://127.0.0.1:$1/q/health/ready"
}
stop_all() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  PIDS=()
  port_free 18080; port_free 18081; port_free 16379
}
trap 'stop_all' EXIT

load() { # label, then loadgen's arguments
  local label=$1; shift
  taskset -c "$LOAD_CORE" node loadgen.mjs --protocol hourglass --warmup "$WARMUP" --duration "$DURATION" "$@" \
    | sed "s/^{/{\"server\":\"$label\",/" | tee -a "$OUT"
}

# One instance, memory mode: the reference of the same run.
start_instance 18080 ""
MEMORY_PID=$LAST_PID
for run in $(seq 1 "$RUNS"); do
  load memory --url ws://127.0.0.1:18080 --server-pid "$MEMORY_PID" --scenario throughput --size 512 --rooms 50 --inflight 32
  load memory --url ws://127.0.0.1:18080 --server-pid "$MEMORY_PID" --scenario rate --size 512 --rooms 50 --rate 5000
done
stop_all

# Two instances over Redis: every room has one member on each.
start_redis
start_instance 18080 "$CLUSTER_FLAGS"
FIRST=$LAST_PID
start_instance 18081 "$CLUSTER_FLAGS"
SECOND=$LAST_PID
for run in $(seq 1 "$RUNS"); do
  for scenario in "--scenario throughput --size 512 --rooms 50 --inflight 32" "--scenario rate --size 512 --rooms 50 --rate 5000"; do
    # shellcheck disable=SC2086
    load redis --url ws://127.0.0.1:18080 --url2 ws://127.0.0.1:18081 --server-pid "$FIRST,$SECOND,$REDIS_PID" --redis-port 16379 $scenario
  done
done
stop_all

node report.mjs --cluster "$OUT" "$("$JAVA" -version 2>&1 | head -1)" "$JVM_FLAGS" > results/cluster-table.md
node report.mjs --into ../docs/benchmarks.md results/cluster-table.md "cluster-${RESULTS_LABEL:-jdk17}"
echo "results: bench/results/cluster-table.md (also in docs/benchmarks.md)"
