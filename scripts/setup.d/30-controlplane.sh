#!/usr/bin/env bash
# Builds the local Kubernetes control plane used by the cluster tests and
# `npm start`: etcd, kube-apiserver, kube-controller-manager, kube-scheduler
# and kwok, all from the Go module proxy through our own modules under
# localdev/cluster/{go,etcd,kwok} (go.sum committed, so builds are reproducible).
#
# Idempotent: binaries are cached by version under
#   ${THEBOT_CACHE:-~/.cache/thebot}/controlplane/<key>/
# and a binary already there is not rebuilt. Binaries are written atomically
# (built into a temporary name or directory, then moved), so an interrupted
# build never leaves a half-written binary in the cache.
#
# The three Kubernetes binaries are one `go build` (one build graph: while one
# links, the other core compiles; a link takes about 2 GiB, two at a time fit).
# `go build -o DIR/ pkg…` writes the same bytes as one build per package.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD

K8S_VERSION=v1.34.4
ETCD_VERSION=v3.6.16
KWOK_VERSION=v0.8.0
# One key for the set: a version change anywhere gives a fresh directory.
KEY="${K8S_VERSION}-etcd${ETCD_VERSION#v}-kwok${KWOK_VERSION#v}"
CACHE="${THEBOT_CACHE:-$HOME/.cache/thebot}"
OUT="$CACHE/controlplane/$KEY"
mkdir -p "$OUT"

if ! command -v go >/dev/null; then
  echo "30-controlplane: Go is not installed (the control plane is built from source)" >&2
  exit 1
fi
if ! command -v openssl >/dev/null; then
  # The control-plane manager generates its certificates with the openssl CLI.
  echo "30-controlplane: openssl is not installed" >&2
  exit 1
fi

# Never fetch a toolchain (only the module proxy is reachable); the build
# stays inside our committed go.sum; static binaries.
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="-mod=readonly -buildvcs=false"

# The -X flags Kubernetes' own build (hack/lib/version.sh) sets; without them
# /version reports v0.0.0.
minor=${K8S_VERSION#v1.}; minor=${minor%%.*}
K8S_LDFLAGS="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  K8S_LDFLAGS+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
  K8S_LDFLAGS+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
done

# Each build's duration is appended to a record beside the key directories
# (so a version bump keeps it): npm start estimates the time left from it
# (localdev/cluster/buildEstimate.ts).
RECORD="$CACHE/controlplane/build-times.tsv"
record() { # record <seconds> <binaries…>
  printf '%s\t%s\n' "$1" "${*:2}" >> "$RECORD"
}

build() { # build <name> <module dir> <package> <ldflags>
  local name=$1 dir=$2 pkg=$3 ldflags=$4
  if [ -x "$OUT/$name" ]; then
    echo "30-controlplane: $name cached ($OUT/$name)"
    return
  fi
  local start=$(date +%s)
  echo "30-controlplane: building $name ($pkg)…"
  (cd "$ROOT/$dir" && go build -p 2 -trimpath -ldflags "$ldflags" -o "$OUT/.$name.tmp" "$pkg")
  mv "$OUT/.$name.tmp" "$OUT/$name"
  local took=$(( $(date +%s) - start ))
  record $took "$name"
  echo "30-controlplane: built $name in ${took}s"
}

build_kubernetes() { # the missing ones among kube-apiserver, kube-controller-manager, kube-scheduler, in one go build
  local name missing=() pkgs=() tmp="$OUT/.kubernetes.tmp"
  for name in kube-apiserver kube-controller-manager kube-scheduler; do
    if [ -x "$OUT/$name" ]; then echo "30-controlplane: $name cached ($OUT/$name)"; else missing+=("$name"); pkgs+=("k8s.io/kubernetes/cmd/$name"); fi
  done
  [ ${#missing[@]} -gt 0 ] || return 0
  local start=$(date +%s)
  echo "30-controlplane: building ${missing[*]} (one go build)…"
  rm -rf "$tmp"
  (cd "$ROOT/localdev/cluster/go" && go build -p 2 -trimpath -ldflags "$K8S_LDFLAGS" -o "$tmp/" "${pkgs[@]}")
  for name in "${missing[@]}"; do mv "$tmp/$name" "$OUT/$name"; done
  rmdir "$tmp"
  local took=$(( $(date +%s) - start ))
  record $took "${missing[@]}"
  echo "30-controlplane: built ${missing[*]} in ${took}s"
}

# What this run will build, one unit per go build (npm start's estimate of
# the time left counts them).
plan=()
for name in etcd kwok; do [ -x "$OUT/$name" ] || plan+=("$name"); done
k8s=()
for name in kube-apiserver kube-controller-manager kube-scheduler; do [ -x "$OUT/$name" ] || k8s+=("$name"); done
[ ${#k8s[@]} -eq 0 ] || plan+=("${k8s[*]}")
if [ ${#plan[@]} -gt 0 ]; then
  joined=$(printf ', %s' "${plan[@]}")
  echo "30-controlplane: to build: ${joined:2}"
fi

total_start=$(date +%s)
build etcd localdev/cluster/etcd go.etcd.io/etcd/server/v3 "-s -w"
build kwok localdev/cluster/kwok sigs.k8s.io/kwok/cmd/kwok \
  "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=$KWOK_VERSION"
build_kubernetes

# kwok's stage definitions (node and pod lifecycles) ship in its module
# source as kustomizations; concatenate the files each one lists.
if [ ! -f "$OUT/kwok-stages.yaml" ]; then
  dir=$(cd "$ROOT/localdev/cluster/kwok" && go list -m -f '{{.Dir}}' sigs.k8s.io/kwok)
  for stage in node/fast node/heartbeat-with-lease pod/fast; do
    for f in $(sed -n 's/^- \(.*\.yaml\)$/\1/p' "$dir/kustomize/stage/$stage/kustomization.yaml"); do
      cat "$dir/kustomize/stage/$stage/$f"
      echo "---"
    done
  done > "$OUT/.kwok-stages.tmp"
  mv "$OUT/.kwok-stages.tmp" "$OUT/kwok-stages.yaml"
fi

# The platform's CustomResourceDefinitions, verbatim from the projects'
# releases (the same module versions scripts/gen-schemas.ts reads), so the
# apiserver validates custom resources with their real schemas and CEL rules.
# Extracted here rather than committed: the issuer CRDs alone are 660 kB of
# generated YAML, and the module version below is the single source of truth.
PROMETHEUS_OPERATOR=github.com/prometheus-operator/prometheus-operator@v0.85.0
CERT_MANAGER=github.com/cert-manager/cert-manager@v1.21.2
CRDS="$CACHE/controlplane/crds/prometheus-operator-${PROMETHEUS_OPERATOR##*@}-cert-manager-${CERT_MANAGER##*@}"
if [ ! -f "$CRDS/.complete" ]; then
  tmp=$(mktemp -d)
  # `go mod download` needs a main module to run in.
  printf 'module thebot.local/crds\n\ngo 1.24\n' > "$tmp/go.mod"
  dir_of() { (cd "$tmp" && GOFLAGS=-mod=mod go mod download -json "$1") | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p'; }
  po=$(dir_of "$PROMETHEUS_OPERATOR")/example/prometheus-operator-crd
  cm=$(dir_of "$CERT_MANAGER")/deploy/crds
  rm -rf "$tmp" "$CRDS"
  mkdir -p "$CRDS"
  for f in servicemonitors podmonitors prometheusrules; do cp "$po/monitoring.coreos.com_$f.yaml" "$CRDS/"; done
  for f in certificates certificaterequests issuers clusterissuers; do cp "$cm/cert-manager.io_$f.yaml" "$CRDS/"; done
  chmod u+w "$CRDS"/*.yaml
  touch "$CRDS/.complete"
  echo "30-controlplane: CRDs extracted to $CRDS"
fi
ln -sfn "$CRDS" "$OUT/crds"

# Tests and `npm start` find the binaries through this pointer.
ln -sfn "$OUT" "$CACHE/controlplane/current"
echo "30-controlplane: control plane $KEY ready in $OUT ($(( $(date +%s) - total_start ))s)"
