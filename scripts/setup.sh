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
# A step that shares nothing with the others starts first and runs beside
# them: code-server's install (downloads, then about 85 CPU-s of native
# compiles) fills the cores the Go builds leave idle while they link. Only in a
# full set-up: with --editor it is the step the user waits for, so it runs in
# order and prints as it goes.
beside=()
[ "${1:-}" = --editor ] || beside=(40-code-server.sh)
bg_pids=() bg_names=() bg_logs=()
# Each in its own process group (setsid), so that a set-up that fails or is
# interrupted (Ctrl+C reaches only the foreground) stops it and what it started.
trap 'for p in "${bg_pids[@]}"; do kill -- "-$p" 2>/dev/null || true; done' EXIT
for name in "${beside[@]}"; do
  log=$(mktemp "${TMPDIR:-/tmp}/thebot-setup-$name.XXXXXX")
  setsid bash -c 'start=$(date +%s); bash "scripts/setup.d/$1" || exit; echo "== setup: $1 done in $(( $(date +%s) - start ))s"' _ "$name" > "$log" 2>&1 &
  bg_pids+=($!) bg_names+=("$name") bg_logs+=("$log")
  echo "== setup: $name started beside the other steps (its output follows when it ends)"
done
for step in scripts/setup.d/*.sh; do
  name=$(basename "$step")
  if [[ " ${skip[*]-} " == *" $name "* ]]; then
    echo "== setup: $name skipped (--editor)"
    continue
  fi
  [[ " ${beside[*]-} " == *" $name "* ]] && continue
  echo "== setup: $name"
  start=$(date +%s)
  bash "$step"
  echo "== setup: $name done in $(( $(date +%s) - start ))s"
done
for i in "${!bg_pids[@]}"; do
  status=0
  wait "${bg_pids[$i]}" || status=$?
  echo "== setup: ${bg_names[$i]} (ran beside the other steps)"
  cat "${bg_logs[$i]}"
  rm -f "${bg_logs[$i]}"
  if [ "$status" -ne 0 ]; then
    echo "== setup: ${bg_names[$i]} failed (exit $status)" >&2
    exit "$status"
  fi
done
bg_pids=()
