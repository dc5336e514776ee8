#!/bin/sh
# Second README command: install what the tests need (Debian packages, workspace), then run every test.
# Set CSGHUB_TEST_MYSQL=mysql://user@host:3306/db to run the server suites on MySQL/MariaDB too.
set -eu
cd "$(dirname "$0")/.."

# Real peers the tests talk to, from Debian's packages.
DEBIAN_PACKAGES="git git-lfs openssh-client"
missing=""
for pkg in $DEBIAN_PACKAGES; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"
done
# Debian's Chromium for the elements' browser tests (the package is chromium, the binary /usr/bin/chromium).
[ -x /usr/bin/chromium ] || missing="$missing chromium"
if [ -n "$missing" ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends $missing
fi

sh scripts/bootstrap.sh
pnpm test
