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

echo "engine: starting dockerd (log in $log_dir/dockerd.log)" >&2
nohup dockerd >"$log_dir/dockerd.log" 2>&1 &

for _ in $(seq 1 60); do
  if engine_answers; then
    echo "engine: Docker $(docker version --format '{{.Server.Version}}') is up" >&2
    exit 0
  fi
  sleep 0.5
done
echo "engine: dockerd did not answer within 30 s; see $log_dir/dockerd.log" >&2
exit 1
