#!/bin/sh
# Installs the workspace on a fresh machine: pnpm (pinned) and every package, then builds.
set -eu
cd "$(dirname "$0")/.."

PNPM_VERSION=12.4.2
if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  npm install --global "pnpm@$PNPM_VERSION" >/dev/null
fi

# Native addons (sqlite3, ssh2) are compiled by node-gyp. Offline, it must use the headers
# that ship with Node instead of downloading them; npm's own config says so, pnpm needs the variable.
if [ -z "${npm_config_nodedir:-}" ]; then
  for dir in "$(dirname "$(dirname "$(command -v node)")")" /usr /usr/local; do
    if [ -f "$dir/include/node/node.h" ]; then
      export npm_config_nodedir="$dir"
      break
    fi
  done
fi

pnpm install --frozen-lockfile
