#!/usr/bin/env bash
# Start-to-ready of the packaged app: from process start to the first 200 from /q/health/ready, and the RSS then.
# Usage: bench/startup.sh [runs] [java binary] [extra JVM flags...]   (build first: ./mvnw package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
java=${2:-java}
shift $(( $# > 2 ? 2 : $# )) || true
port=18080
for run in $(seq 1 "$runs"); do
  start=$(date +%s%N)
  "$java" "$@" -Dquarkus.http.port=$port -jar target/quarkus-app/quarkus-run.jar > /tmp/hourglass-startup.log 2>&1 &
  pid=$!
  for _ in $(seq 1 500); do
    if curl -fs -o /dev/null "http://127.0.0.1:$port/q/health/ready"; then break; fi
    sleep 0.01
  done
  ready=$(date +%s%N)
  rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
  echo "run $run: ready in $(( (ready - start) / 1000000 )) ms, RSS $(( rss / 1024 )) MiB, $(grep -o 'started in [0-9.]*s' /tmp/hourglass-startup.log)"
  kill $pid; wait $pid 2>/dev/null || true
done
