#!/usr/bin/env bash
# Makes a Docker engine answer on the default socket: installs Debian's engine when
# none is installed, and starts it when it is not running. Safe to run again.
set -euo pipefail

log_dir=${OPERATOR_ENGINE_LOG_DIR:-/tmp}

engine_answers() {
  docker version --format '{{.Server.Version}}' >/dev/null 2>&1
}

if engine_answers; then
  exit 0
fi

if ! command -v dockerd >/dev/null 2>&1; then
  echo "engine: installing Debian's docker.io" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null
fi

# An engine that was killed leaves its pid file, and dockerd refuses to start beside one.
# The file is stale unless it names a live dockerd (a zombie is not live).
pid_file=/var/run/docker.pid
engine_pid_alive() {
  local pid
  pid=$(cat "$pid_file" 2>/dev/null) || return 1
  [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = dockerd ] &&
    ! grep -q '^State:[[:space:]]*Z' "/proc/$pid/status" 2>/dev/null
}
if [ -f "$pid_file" ] && ! engine_pid_alive; then
  echo "engine: removing the stale $pid_file" >&2
  rm -f "$pid_file"
fi

# The containerd that a killed dockerd had started lives on and keeps a new dockerd from
# starting its own; with no dockerd running, that one is an orphan.
stop_orphan_containerd() {
  if ! pgrep -x dockerd >/dev/null; then
    pkill -f '^containerd --config /var/run/docker/containerd/containerd.toml' 2>/dev/null || true
  fi
}

# A dockerd started while a killed one is still being torn down can fail; it is retried.
for attempt in 1 2 3; do
  stop_orphan_containerd
  echo "engine: starting dockerd (log in $log_dir/dockerd.log)" >&2
  nohup dockerd >>"$log_dir/dockerd.log" 2>&1 &
  daemon=$!
  for _ in $(seq 1 60); do
    if engine_answers; then
      echo "engine: Docker $(docker version --format '{{.Server.Version}}') is up" >&2
      exit 0
    fi
    kill -0 "$daemon" 2>/dev/null || break
    sleep 0.5
  done
  echo "engine: dockerd did not come up (attempt $attempt): $(tail -n 1 "$log_dir/dockerd.log")" >&2
  kill "$daemon" 2>/dev/null || true
  wait "$daemon" 2>/dev/null || true
  if [ -f "$pid_file" ] && ! engine_pid_alive; then rm -f "$pid_file"; fi
  sleep 1
done
echo "engine: dockerd would not start; see $log_dir/dockerd.log" >&2
exit 1
