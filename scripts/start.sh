#!/bin/sh
# First README command: install, then run the hub on the embedded defaults (SQLite + files in ./data).
set -eu
cd "$(dirname "$0")/.."
sh scripts/bootstrap.sh
exec pnpm exec csghub serve "$@"
