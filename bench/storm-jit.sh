#!/usr/bin/env bash
# The reconnect storm on a fresh server under the JIT's settings, the Node relay taking its turn in every round (the
# machine's speed drifts over minutes): the default tiered compilation, C1 only, and C2 deferred (its thresholds 3 and
# 10 times the defaults, so that a storm's 19,000 upgrades run in C1's code). RUNS rounds. Server on core 0, load on 1.
#   bench/storm-jit.sh          # JDK 17 (the default java)
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java JVM_FLAGS="... -XX:+UseCompactObjectHeaders" bench/storm-jit.sh
# Writes bench/results/storm-jit.jsonl.
set -euo pipefail
cd "$(dirname "$0")"
RUNS=${RUNS:-3}
JAVA=${JAVA:-java}
JAR=${JAR:-../target/quarkus-app/quarkus-run.jar}
JVM_FLAGS=${JVM_FLAGS:-"-XX:+UseSerialGC -Xms32m -Xmx1g -Xmn24m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -Xss512k"}
C2_LATER_3="-XX:Tier4InvocationThreshold=15000 -XX:Tier4MinInvocationThreshold=1800 -XX:Tier4CompileThreshold=45000 -XX:Tier4BackEdgeThreshold=120000"
C2_LATER_10="-XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=6000 -XX:Tier4CompileThreshold=150000 -XX:Tier4BackEdgeThreshold=400000"
OUT=results/storm-jit.jsonl
# shellcheck source=storm-server.sh
. ./storm-server.sh
storm() { # label protocol url
  storm_row "$2" "$3" | sed "s/^{/{\"variant\":\"$1\",/" | tee -a "$OUT"
}
: > "$OUT"
for run in $(seq 1 "$RUNS"); do
  start; storm default hourglass ws://127.0.0.1:18080; stop
  start -XX:TieredStopAtLevel=1; storm c1only hourglass ws://127.0.0.1:18080; stop
  # shellcheck disable=SC2086
  start $C2_LATER_10; storm c2x10 hourglass ws://127.0.0.1:18080; stop
  # shellcheck disable=SC2086
  start $C2_LATER_3; storm c2x3 hourglass ws://127.0.0.1:18080; stop
  start_node; storm node path ws://127.0.0.1:18090; stop
done
