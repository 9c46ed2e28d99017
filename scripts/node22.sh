#!/usr/bin/env bash
# Runs a command under Node 22 LTS. When the `node` on PATH is older, a Node 22 binary is fetched
# once from the npm registry (the `node-linux-<arch>` package: the binary the `node` npm package
# installs, with no install script to run) into .cache/node-22/ and put first on PATH.
#   scripts/node22.sh vitest run
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${EARSHOT_CACHE_DIR:-$ROOT/.cache}"
MAJOR=22
DIR="$CACHE/node-$MAJOR"

current=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$current" -lt "$MAJOR" ]; then
  if [ ! -x "$DIR/bin/node" ]; then
    case "$(uname -m)" in
      x86_64) arch=x64 ;;
      aarch64 | arm64) arch=arm64 ;;
      *) echo "[node22] no Node $MAJOR package for $(uname -m): install Node $MAJOR" >&2; exit 1 ;;
    esac
    echo "[node22] node $(node --version 2>/dev/null || echo none) found; fetching node-linux-$arch@$MAJOR from the npm registry" >&2
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    (cd "$tmp" && npm pack "node-linux-$arch@$MAJOR" --silent --loglevel=error >/dev/null)
    tar xzf "$tmp"/node-linux-*.tgz -C "$tmp"
    "$tmp/package/bin/node" --version >/dev/null
    mkdir -p "$CACHE"
    # Another run may have finished first: keep whichever landed.
    mv -T "$tmp/package" "$DIR" 2>/dev/null || true
  fi
  export PATH="$DIR/bin:$PATH"
fi
exec "$@"
