#!/usr/bin/env bash
# Operator's main job, end to end on this machine: sets everything up, then creates an
# instance, lists it, runs code and writes files in it, suspends and resumes it (its home
# survives), and cleans up. Uses its own data folder unless OPERATOR_DATA_DIR is set.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

own_data_dir=
data_dir=${OPERATOR_DATA_DIR:-}
if [ -z "$data_dir" ]; then
  data_dir=$(mktemp -d -t operator-demo-XXXXXX)
  own_data_dir=1
fi
op() { node dist/cli.js --data-dir "$data_dir" "$@"; }
step() { printf '\n\033[1m$ operator%s\033[0m\n' "$(printf ' %q' "$@")"; op "$@"; }
cleanup() {
  op delete demo >/dev/null 2>&1 || true
  # The CLI started a server for the data folder; end it as the demo ends.
  if [ -f "$data_dir/server.pid" ]; then kill "$(head -n 1 "$data_dir/server.pid")" 2>/dev/null || true; fi
  if [ -n "$own_data_dir" ]; then sleep 0.2 && rm -rf "$data_dir"; fi
}
trap cleanup EXIT

step plan
step create demo --type prebuilt --network none
step list
step exec demo -- sh -c 'echo "node $(node --version) as $(id -un) in $(pwd)"; ls -la'
step exec demo -- sh -c 'echo "written inside the instance" > notes.txt && cat notes.txt'
step suspend demo
step list
step resume demo
step exec demo -- cat notes.txt
step logs demo --tail 8
step delete demo
step list --all
printf '\nThe demo ran end to end.\n'
