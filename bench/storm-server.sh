# Sourced by the storm scripts (storm-aot.sh, storm-jit.sh, storm-heap.sh): one server at a time on core 0, its PID in PID.
# Needs JAVA, JVM_FLAGS and JAR set.
HOURGLASS_FLAGS="-Dquarkus.http.port=18080 -Dhourglass.ws.rate-limit=10000000 -Dhourglass.ws.rate-burst=10000000
  -Dhourglass.ws.max-connections=20000 -Dhourglass.ws.max-connections-per-address=20000
  -Dhourglass.ws.connection-rate=10000000 -Dhourglass.ws.connection-burst=10000000 -Dquarkus.vertx.event-loops-pool-size=1
  -Dquarkus.log.level=WARN"
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
start_node() { # the Node relay on 18090
  taskset -c 0 node node-relay.mjs 18090 > results/node-relay.log 2>&1 &
  PID=$!
  sleep 1
}
storm_row() { # protocol url: a cold and a warm storm of 19,000 against the server in PID, their JSON line
  taskset -c 1 node loadgen.mjs --protocol "$1" --url "$2" --server-pid "$PID" --scenario storm --connections 19000
}
stop() { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; port_free 18080; port_free 18090; }
trap stop EXIT
