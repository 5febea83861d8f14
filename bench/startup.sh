#!/usr/bin/env bash
# Start-to-ready of the packaged app: from process start to the first 200 from /q/health/ready, and the RSS then.
# Usage: bench/startup.sh [runs] [java binary] [extra JVM flags...]   (build first: ./mvnw package -DskipTests)
# The poll uses bash's /dev/tcp, not curl: on two cores, starting a curl process every few milliseconds would take
# CPU from the start-up being measured.
set -euo pipefail
# shellcheck source=ports.sh
. "$(dirname "$0")/ports.sh"
# Started from the app's directory with the jar's absolute path: the form the README's AppCDS commands use, so
# that an archive made that way (-XX:SharedArchiveFile=app-cds.jsa) fits.
cd "$(dirname "$0")/../target/quarkus-app"
runs=${1:-3}
java=${2:-java}
shift $(( $# > 2 ? 2 : $# )) || true
port=18080
ready() {
  local status
  exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
  printf 'GET /q/health/ready HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
  read -r -t 2 status <&3 || status=
  exec 3>&-
  [[ $status == *" 200 "* ]]
}
for run in $(seq 1 "$runs"); do
  start=$(date +%s%N)
  "$java" "$@" -Dquarkus.http.port=$port -jar "$PWD/quarkus-run.jar" > /tmp/hourglass-startup.log 2>&1 &
  pid=$!
  for _ in $(seq 1 2000); do
    ready 2>/dev/null && break
    sleep 0.005
  done
  ready=$(date +%s%N)
  rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
  echo "run $run: ready in $(( (ready - start) / 1000000 )) ms, RSS $(( rss / 1024 )) MiB, $(grep -o 'started in [0-9.]*s' /tmp/hourglass-startup.log)"
  kill $pid; wait $pid 2>/dev/null || true
  port_free $port
done
