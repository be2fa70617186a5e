#!/usr/bin/env bash
# Node dependencies from the lock file, then the bundles.
set -euo pipefail
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
node esbuild.mjs
