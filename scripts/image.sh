#!/usr/bin/env bash
# Builds the instance image (operator-instance:latest) from image/Dockerfile with the
# bundled agent. The base is OPERATOR_IMAGE_BASE when set (a public Node image, pulled by
# the engine); otherwise a local Debian base, built from Debian's packages when missing,
# so that machines without a reachable registry get an image too.
set -euo pipefail
cd "$(dirname "$0")/.."

tag=${OPERATOR_IMAGE:-operator-instance:latest}
base=${OPERATOR_IMAGE_BASE:-}
if [ -z "$base" ]; then
  base=operator-base:bookworm-node$(node -p 'process.versions.node.split(".")[0]')
  bash scripts/base-image.sh "$base"
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
DOCKER_BUILDKIT=0 docker build -q --build-arg "BASE=$base" -t "$tag" "$context" >/dev/null 2>"$context/build.log" ||
  { cat "$context/build.log" >&2; exit 1; }
echo "image: $tag ready" >&2
