#!/usr/bin/env bash
# One-time (idempotent) set-up of everything the tool and its tests need:
# runs scripts/setup.d/*.sh in order. Each step skips work already done, so
# re-running is cheap. Heavy artefacts are cached outside the clone
# (THEBOT_CACHE, default ~/.cache/thebot) so later runs reuse them.
set -euo pipefail
cd "$(dirname "$0")/.."
export THEBOT_CACHE="${THEBOT_CACHE:-$HOME/.cache/thebot}"
mkdir -p "$THEBOT_CACHE"
for step in scripts/setup.d/*.sh; do
  echo "== setup: $(basename "$step")"
  start=$(date +%s)
  bash "$step"
  echo "== setup: $(basename "$step") done in $(( $(date +%s) - start ))s"
done
