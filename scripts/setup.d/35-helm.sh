#!/usr/bin/env bash
# Builds `helm` v3 from the Go module proxy through our own module test/helm
# (go.sum committed, so the build is reproducible). kustomize's helmCharts run
# this binary: the tests compare `thebot render --enable-helm --helm-command H`
# with `kubectl kustomize --enable-helm --helm-command H` on charts of our own.
#
# Idempotent: cached by version under ${THEBOT_CACHE:-~/.cache/thebot}/helm/<version>/helm,
# written atomically; `current` points at the version in use.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD

# One place for the version: the module's requirement.
HELM_VERSION=$(sed -n 's/^require helm\.sh\/helm\/v3 \(v[0-9.]*\).*/\1/p; s/^\thelm\.sh\/helm\/v3 \(v[0-9.]*\).*/\1/p' test/helm/go.mod | head -1)
CACHE="${THEBOT_CACHE:-$HOME/.cache/thebot}"
OUT="$CACHE/helm/$HELM_VERSION"
mkdir -p "$OUT"

if [ -x "$OUT/helm" ]; then
  echo "35-helm: helm $HELM_VERSION cached ($OUT/helm)"
else
  if ! command -v go >/dev/null; then
    echo "35-helm: Go is not installed (helm is built from source)" >&2
    exit 1
  fi
  export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="-mod=readonly -buildvcs=false"
  start=$(date +%s)
  echo "35-helm: building helm $HELM_VERSION…"
  # helm reports its version from these (its Makefile sets them the same way).
  ldflags="-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION -X helm.sh/helm/v3/internal/version.gitTreeState=clean"
  (cd "$ROOT/test/helm" && go build -p 2 -trimpath -ldflags "$ldflags" -o "$OUT/.helm.tmp" helm.sh/helm/v3/cmd/helm)
  mv "$OUT/.helm.tmp" "$OUT/helm"
  echo "35-helm: built helm $HELM_VERSION in $(( $(date +%s) - start ))s"
fi
ln -sfn "$OUT" "$CACHE/helm/current"
"$OUT/helm" version --short
