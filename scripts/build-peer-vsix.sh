#!/usr/bin/env bash
# Builds the .vsix of an extension our users have beside ours, from a checkout
# of its source, for test/e2e/coexistence.test.ts: neither Red Hat YAML
# (redhat-developer/vscode-yaml) nor the Kubernetes extension
# (vscode-kubernetes-tools/vscode-kubernetes-tools) publishes its .vsix as an
# npm package, and their marketplaces are not reachable from our machines.
# Their npm dependencies come from the lock file (runtime only); our esbuild
# bundles what their webpack would (the Kubernetes extension's logs webview
# is left out), and our vsce packages it.
#
#   bash scripts/build-peer-vsix.sh yaml SOURCE_DIR OUT.vsix         (tag 1.24.0: its lock file pins a published yaml-language-server)
#   bash scripts/build-peer-vsix.sh kubernetes SOURCE_DIR OUT.vsix   (1.4.1)
set -euo pipefail
if [ $# -ne 3 ] || [ ! -f "$2/package.json" ]; then
  echo "usage: build-peer-vsix.sh yaml|kubernetes SOURCE_DIR OUT.vsix (SOURCE_DIR: the extension's checkout, with its package.json)" >&2
  exit 2
fi
kind=$1
src=$(cd "$2" && pwd)
out=$(realpath -m "$3")
root=$(cd "$(dirname "$0")/.." && pwd)
esbuild="$root/node_modules/.bin/esbuild" vsce="$root/node_modules/.bin/vsce"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$src/." "$work/"
cd "$work"
rm -rf node_modules dist
npm ci --omit=dev --ignore-scripts --no-audit --no-fund
bundle=(--bundle --platform=node --format=cjs --target=node18 --external:vscode --log-level=error)
case $kind in
  yaml)
    "$esbuild" src/node/yamlClientMain.ts "${bundle[@]}" --outfile=dist/extension.js
    # ES modules first: the UMD builds of jsonc-parser and vscode-json-languageservice
    # require their parts through a factory argument, which no bundler follows
    # (its webpack uses umd-compat-loader for them).
    "$esbuild" node_modules/yaml-language-server/out/server/src/server.js "${bundle[@]}" --main-fields=module,main --outfile=dist/languageserver.js
    cp -r node_modules/yaml-language-server/l10n dist/l10n
    # The web entry (a webworker build) is not needed in code-server's Node extension host.
    drop='delete p.browser'
    ignore=('node_modules/**' 'src/**' 'test/**' 'smoke-test/**' 'scripts/**' 'build/**' 'images/**')
    ;;
  kubernetes)
    # The externals and ignored modules of its webpack.config.js.
    "$esbuild" src/extension.ts "${bundle[@]}" --loader:.yaml=file --outfile=dist/extension.js \
      --external:applicationinsights-native-metrics --external:@opentelemetry/tracing --external:bufferutil \
      --external:spawn-sync --external:utf-8-validate --external:electron --external:@aws-sdk/client-s3
    drop='delete p.icon'
    ignore=('node_modules/**' 'src/**' 'test/**' 'tools/**' 'docs/**' 'images/**' '*.go' go.mod go.sum)
    ;;
  *) echo "build-peer-vsix: unknown kind $kind (yaml or kubernetes)" >&2; exit 2 ;;
esac
# Their prepublish steps run webpack, which this build replaces.
node -e "const fs=require('fs'); const p=JSON.parse(fs.readFileSync('package.json','utf8')); delete p.scripts['vscode:prepublish']; delete p.scripts.prepare; $drop; fs.writeFileSync('package.json', JSON.stringify(p, null, 2));"
printf '%s\n' "${ignore[@]}" '**/*.map' tsconfig.json > .vscodeignore
"$vsce" package --no-dependencies --allow-missing-repository --allow-star-activation -o "$out"
