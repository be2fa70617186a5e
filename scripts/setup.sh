#!/usr/bin/env bash
# One-time (idempotent) set-up of everything the tool and its tests need:
# runs scripts/setup.d/*.sh in order. Each step skips work already done, so
# re-running is cheap. Heavy artefacts are cached outside the clone
# (THEBOT_CACHE, default ~/.cache/thebot) so later runs reuse them.
#
#   bash scripts/setup.sh            everything (the tests need it all)
#   bash scripts/setup.sh --editor   only what `npm start` needs to open the
#       editor; npm start builds the local control plane in the background
#       (the hour-long part of a cold set-up) and the tree says when it is up
set -euo pipefail
cd "$(dirname "$0")/.."
export THEBOT_CACHE="${THEBOT_CACHE:-$HOME/.cache/thebot}"
mkdir -p "$THEBOT_CACHE"
# Steps only the tests need, or that npm start runs itself in the background.
skip=()
[ "${1:-}" = --editor ] && skip=(25-kustomize.sh 30-controlplane.sh 35-helm.sh)
for step in scripts/setup.d/*.sh; do
  if [[ " ${skip[*]-} " == *" $(basename "$step") "* ]]; then
    echo "== setup: $(basename "$step") skipped (--editor)"
    continue
  fi
  echo "== setup: $(basename "$step")"
  start=$(date +%s)
  bash "$step"
  echo "== setup: $(basename "$step") done in $(( $(date +%s) - start ))s"
done
