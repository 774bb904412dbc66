#!/usr/bin/env bash
# Makes sure a real VS Code runs on this machine: code-server (VS Code's server and web
# workbench, from the npm registry) in .tools/code-server, and Debian's Chromium to drive
# it. Both are reused when present. Prints the code-server binary's path on stdout.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
version=4.100.3
prefix="$root/.tools/code-server"
bin="$prefix/node_modules/.bin/code-server"

apt_install() {
  if [[ -z "${apt_updated:-}" ]]; then
    apt-get update -qq >&2
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

if [[ ! -x /usr/bin/chromium ]]; then
  echo "[code-server] installing Debian's chromium" >&2
  apt_install chromium
fi

installed=$(node -p "try{require('$prefix/node_modules/code-server/package.json').version}catch{''}")
if [[ "$installed" != "$version" ]]; then
  echo "[code-server] installing code-server $version into $prefix" >&2
  # The native modules of VS Code's server build against these headers.
  apt_install libkrb5-dev libxkbfile-dev libsecret-1-dev libx11-dev pkg-config ripgrep \
    build-essential python3
  # @vscode/ripgrep downloads rg from GitHub in its install script unless its cache holds
  # the archive; these machines reach no such host, so put Debian's rg there.
  cache=$(mktemp -d)
  trap 'rm -rf "$cache"' EXIT
  mkdir -p "$cache/vscode-ripgrep-cache-1.15.11"
  (cd "$(dirname "$(command -v rg)")" &&
    tar -czf "$cache/vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" rg)
  mkdir -p "$prefix"
  TMPDIR="$cache" npm_config_yes=true npm_config_unsafe_perm=true \
    npm install --no-audit --no-fund --no-save --prefix "$prefix" "code-server@$version" >&2
fi

echo "$bin"
