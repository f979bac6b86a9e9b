#!/usr/bin/env bash
# Everything AuthLog's build, tests and "try it" need on a fresh Debian machine with Node 20.
# Idempotent: a second run takes a few seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
for pkg in chromium ripgrep libkrb5-dev fonts-liberation lnav neovim time; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${need[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund
fi

# A real VS Code (code-server 4.100.3 = VS Code 1.100.3), installed offline into .authlog-cache/.
if [ -f scripts/install-code-server.mjs ]; then
  node scripts/install-code-server.mjs
fi
