#!/usr/bin/env bash
# The reconnect storm on a fresh server under three heaps, the Node relay taking its turn in every round (the
# machine's speed drifts over minutes): JDK 17 with the benchmark's flags, whose SerialGC follows every young
# collection that had to grow the old generation with a full one; JDK 17 with -Xms128m, an old generation that need
# not grow through a storm; JDK 25 with the benchmark's flags (compact object headers), whose SerialGC grows it
# without a full collection. Each storm's collections are counted from the server's GC log. RUNS rounds.
#   bench/storm-heap.sh
# Writes bench/results/storm-heap.jsonl.
set -euo pipefail
cd "$(dirname "$0")"
RUNS=${RUNS:-3}
JAR=${JAR:-../target/quarkus-app/quarkus-run.jar}
JDK25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
FLAGS="-XX:+UseSerialGC -Xmx1g -Xmn24m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -Xss512k"
GC_LOG=results/storm-heap-gc.log
OUT=results/storm-heap.jsonl
# shellcheck source=storm-server.sh
. ./storm-server.sh
pauses() { # kind: count and total milliseconds of that kind of pause in the GC log, as JSON members
  awk -v kind="$1" '$0 ~ "Pause " kind { ms = $NF; sub(/ms$/, "", ms); n++; s += ms }
    END { printf "\"gc%sPauses\":%d,\"gc%sPauseMs\":%d,", kind, n, kind, s }' "$GC_LOG"
}
fresh() { # a server with its own GC log, not rotated
  rm -f "$GC_LOG"
  start "-Xlog:gc:file=$GC_LOG::filecount=0"
}
storm() { # label protocol url
  local line
  line=$(storm_row "$2" "$3")
  local gc=""
  [ "$2" = path ] || gc="$(pauses Young)$(pauses Full)"
  echo "$line" | sed "s/^{/{\"variant\":\"$1\",$gc/" | tee -a "$OUT"
}
: > "$OUT"
for run in $(seq 1 "$RUNS"); do
  JAVA=java JVM_FLAGS="$FLAGS -Xms32m"
  fresh; storm jdk17 hourglass ws://127.0.0.1:18080; stop
  JVM_FLAGS="$FLAGS -Xms128m"
  fresh; storm jdk17-xms128m hourglass ws://127.0.0.1:18080; stop
  JAVA=$JDK25 JVM_FLAGS="$FLAGS -Xms32m -XX:+UseCompactObjectHeaders"
  fresh; storm jdk25 hourglass ws://127.0.0.1:18080; stop
  start_node; storm node path ws://127.0.0.1:18090; stop
done
rm -f "$GC_LOG"
