#!/usr/bin/env bash
# Installs everything `npm test` needs, idempotently, from the npm and Debian registries only.
# Safe to run again: each step checks first and says what it does.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '[setup] %s\n' "$*"; }

# --- npm packages of the project (exactly as locked)
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "npm ci"
  npm ci --no-audit --no-fund
else
  say "node_modules up to date"
fi
