#!/usr/bin/env bash
# Makes a fresh machine ready to run Operator: the npm packages, a running Docker engine,
# the bundles in dist/ and the instance image. Each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi
bash scripts/engine.sh
echo "setup: bundling into dist/" >&2
node esbuild.mjs
bash scripts/image.sh
