#!/usr/bin/env bash
# The reference kustomize for the differential tests (test/kustomize/corpus.test.ts):
# the corpus expectations were produced by kustomize v5.5.0. When the machine's
# kubectl embeds exactly that version, nothing is done; otherwise the standalone
# kustomize v5.5.0 is built from the Go module proxy into
#   ${THEBOT_CACHE:-~/.cache/thebot}/kustomize/v5.5.0/kustomize
# where test/kustomize/oracle.ts finds it. Idempotent; the binary is written
# atomically, so an interrupted build never leaves a half-written one.
set -euo pipefail
VERSION=v5.5.0
CACHE="${THEBOT_CACHE:-$HOME/.cache/thebot}"
OUT="$CACHE/kustomize/$VERSION"

if command -v kubectl >/dev/null && kubectl version --client 2>/dev/null | grep -qx "Kustomize Version: $VERSION"; then
  echo "25-kustomize: kubectl embeds kustomize $VERSION ($(command -v kubectl))"
  exit 0
fi
if [ -x "$OUT/kustomize" ]; then
  echo "25-kustomize: kustomize $VERSION cached ($OUT/kustomize)"
  exit 0
fi
if ! command -v go >/dev/null; then
  echo "25-kustomize: neither kubectl with kustomize $VERSION nor Go to build it" >&2
  exit 1
fi
mkdir -p "$OUT"
TMP=$(mktemp -d "$OUT/.build.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
start=$(date +%s)
# No toolchain download (only the module proxy is reachable); a static binary.
# Without -ldflags the binary reports "(devel)" like kubectl's embedded
# kustomize, so buildMetadata's managed-by label matches the corpus.
GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-buildvcs=false GOBIN="$TMP" \
  go install -p 2 -trimpath "sigs.k8s.io/kustomize/kustomize/v5@$VERSION"
mv "$TMP/kustomize" "$OUT/kustomize"
echo "25-kustomize: built kustomize $VERSION in $(( $(date +%s) - start ))s ($OUT/kustomize)"
