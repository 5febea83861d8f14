# Bounded waits on a loopback port, without forking a client per attempt (bash's own /dev/tcp).
# Sourced by run.sh and startup.sh.
port_open() { # PORT: wait up to 10 s until something listens on it
  for _ in $(seq 1 200); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.05; done
  echo "nothing listens on port $1" >&2; return 1
}
port_free() { # PORT: wait up to 10 s until nothing listens on it any more
  for _ in $(seq 1 200); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null || return 0; sleep 0.05; done
  echo "port $1 still in use" >&2; return 1
}
