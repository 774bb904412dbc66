#!/usr/bin/env bash
# Builds a minimal Debian base for the instance image and imports it into the engine,
# for machines that cannot pull a public base image from a registry. The system comes
# from Debian's packages; Node.js is the machine's own binary when it runs there (it is
# what the server runs on, and Debian's build lacks the startup snapshot that makes a
# process start in half the time), else Debian's nodejs package.
# Reuses the image when it is already there: debootstrap is the slow part.
set -euo pipefail

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo none)
tag=${1:-operator-base:bookworm-node$node_major}
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
trap 'rm -rf "$rootfs" "$rootfs.log"' EXIT

bootstrap() {
  echo "base: debootstrap bookworm (${1:-system only}; about a minute)" >&2
  rm -rf "$rootfs" && mkdir -p "$rootfs"
  debootstrap --variant=minbase --include="ca-certificates,procps${1:+,$1}" \
    bookworm "$rootfs" http://deb.debian.org/debian >"$rootfs.log" 2>&1 ||
    { tail -n 20 "$rootfs.log" >&2; exit 1; }
}

bootstrap
host_node=$(command -v node || true)
if [ -n "$host_node" ]; then
  install -m 0755 "$(readlink -f "$host_node")" "$rootfs/usr/local/bin/node"
fi
if [ -z "$host_node" ] || ! chroot "$rootfs" /usr/local/bin/node -e 0 2>/dev/null; then
  echo "base: the machine's node does not run in the base; using Debian's nodejs" >&2
  bootstrap nodejs
fi
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
echo "base: importing as $tag" >&2
tar -C "$rootfs" -c . | docker import -c 'CMD ["/bin/bash"]' - "$tag" >/dev/null
echo "base: $tag ready ($(docker run --rm --network none "$tag" node --version))" >&2
