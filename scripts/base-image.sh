#!/usr/bin/env bash
# Builds a minimal Debian base with Node.js from Debian's own packages and imports it
# into the engine, for machines that cannot pull a public base image from a registry.
# Reuses the image when it is already there: debootstrap is the slow part.
set -euo pipefail

tag=${1:-operator-base:bookworm}
if docker image inspect "$tag" >/dev/null 2>&1; then
  echo "base: $tag already present" >&2
  exit 0
fi

if ! command -v debootstrap >/dev/null 2>&1; then
  echo "base: installing debootstrap" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
fi

rootfs=$(mktemp -d)
trap 'rm -rf "$rootfs"' EXIT
echo "base: debootstrap bookworm into $rootfs (about a minute)" >&2
debootstrap --variant=minbase --include=nodejs,ca-certificates,procps \
  bookworm "$rootfs" http://deb.debian.org/debian >"$rootfs.log" 2>&1 ||
  { tail -n 20 "$rootfs.log" >&2; exit 1; }
rm -f "$rootfs.log"
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
echo "base: importing as $tag" >&2
tar -C "$rootfs" -c . | docker import -c 'CMD ["/bin/bash"]' - "$tag" >/dev/null
echo "base: $tag ready" >&2
