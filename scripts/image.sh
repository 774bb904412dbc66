#!/usr/bin/env bash
# Builds the instance image (operator-instance:latest) from image/Dockerfile with the
# bundled agent baked in.
set -euo pipefail
cd "$(dirname "$0")/.."

tag=${OPERATOR_IMAGE:-operator-instance:latest}
public_base=node:20-bookworm-slim
local_base=operator-base:bookworm-node$(node -p 'process.versions.node.split(".")[0]')

# The base, in order: the one asked for; one already on the engine; a Debian base built
# here where this user can (root, with Debian's tools), which needs no registry; else the
# public image, which the engine pulls.
base=${OPERATOR_IMAGE_BASE:-}
if [ -z "$base" ]; then
  if docker image inspect "$public_base" >/dev/null 2>&1; then
    base=$public_base
  elif docker image inspect "$local_base" >/dev/null 2>&1; then
    base=$local_base
  elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    base=$local_base
    bash scripts/base-image.sh "$base"
  else
    base=$public_base
  fi
fi

if [ ! -f dist/agent.js ]; then
  echo "image: dist/agent.js is missing; run 'npm run build' first" >&2
  exit 1
fi

context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT
cp image/Dockerfile dist/agent.js "$context/"
echo "image: building $tag on $base" >&2
# The classic builder needs no BuildKit daemon, which the Debian engine lacks.
DOCKER_BUILDKIT=0 docker build -q --force-rm --build-arg "BASE=$base" -t "$tag" "$context" >/dev/null 2>"$context/build.log" ||
  { cat "$context/build.log" >&2; exit 1; }
echo "image: $tag ready" >&2
