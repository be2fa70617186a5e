#!/usr/bin/env bash
# Debian packages the end-to-end tests need: Chromium (driven headless by
# playwright-core), a font, and unzip (35-helm.sh takes helm out of a zip). (No libkrb5-dev: 40-code-server.sh does not
# build code-server's kerberos module.) Idempotent: nothing happens when every
# package is installed, and `apt-get update` only runs when the package lists
# are missing or a week old.
set -euo pipefail
packages=(chromium fonts-dejavu-core unzip)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "apt: all present (${packages[*]})"
  exit 0
fi
SUDO=()
[ "$(id -u)" -eq 0 ] || SUDO=(sudo)
export DEBIAN_FRONTEND=noninteractive
# Several set-up steps may run apt at once on a shared machine: serialise them.
exec 9>/tmp/thebot-apt.lock
flock 9
if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages*' -mtime -7 -print -quit 2>/dev/null)" ]; then
  "${SUDO[@]}" apt-get update -q
fi
echo "apt: installing ${missing[*]}"
"${SUDO[@]}" apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=600 "${missing[@]}"
