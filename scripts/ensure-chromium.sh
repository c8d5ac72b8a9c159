#!/usr/bin/env bash
# The browser tests drive Debian's chromium (test tools cannot download browsers here).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null; then
  echo "Error: the browser tests need /usr/bin/chromium: install Debian's 'chromium' package" >&2
  exit 2
fi
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
echo "Installing Debian's chromium for the browser tests..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
