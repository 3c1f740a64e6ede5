#!/usr/bin/env bash
# Installs everything `npm test` and `npm start` need, idempotently, from the npm and Debian registries only:
#   1. Debian packages: chromium (headless browser for the tests), ripgrep (code-server's search),
#      build headers for code-server's native modules, and a C++ toolchain;
#   2. the project's npm packages (`npm ci`, only when node_modules differs from package-lock.json);
#   3. code-server 4.100.3 (VS Code 1.100.3 on Node 20) from npm into a cache folder outside the repo,
#      ${UNROLLED_CACHE:-$HOME/.cache/unrolled}/code-server-4.100.3, installed by hand because its
#      postinstall downloads ripgrep from outside the registries (see ../shared/NOTES.md).
# `--no-browser` (what `npm start` uses) skips Chromium, which only the tests need.
# Safe to run again: each step checks first and says what it does; a finished code-server install has a
# marker file, so a second run takes about a second. Prints the code-server folder as its last line.
# Measured cold on the 2-core machine: apt 73 s, code-server 87 s (most of it compiling native modules),
# npm ci 3 min (a fresh clone); warm: 2-3 s.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }
start=$SECONDS
browser=1
for a in "$@"; do
  case "$a" in
    --no-browser) browser=0 ;;
    *) die "unknown option $a (usage: bash scripts/setup.sh [--no-browser])" ;;
  esac
done

CS_VERSION=4.100.3
CACHE="${UNROLLED_CACHE:-$HOME/.cache/unrolled}"
CS_DIR="$CACHE/code-server-$CS_VERSION"
CS_MARKER="$CS_DIR/.unrolled-setup-done"

# --- Node: code-server 4.100.x runs on Node 20 only
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null) || die "node not found: install Node.js 20"
[ "$node_major" = 20 ] || die "Node.js 20 is required (code-server $CS_VERSION needs it); found $(node -v)"

# --- 1. Debian packages (apt-get update only when something must be installed)
apt_pkgs=(ripgrep libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config)
[ "$browser" = 1 ] && apt_pkgs=(chromium "${apt_pkgs[@]}")
command -v g++ >/dev/null && command -v make >/dev/null || apt_pkgs+=(build-essential)
command -v python3 >/dev/null || apt_pkgs+=(python3)
command -v flock >/dev/null || apt_pkgs+=(util-linux)
missing=()
for p in "${apt_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  command -v apt-get >/dev/null || die "missing Debian packages (${missing[*]}) and no apt-get to install them"
  sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || die "missing Debian packages (${missing[*]}): run as root or install them by hand"
    sudo=sudo
  fi
  say "apt-get update (to install: ${missing[*]})"
  $sudo apt-get update -q -o DPkg::Lock::Timeout=600 >/dev/null || die "apt-get update failed: is the Debian mirror reachable?"
  say "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q -o DPkg::Lock::Timeout=600 "${missing[@]}" >/dev/null \
    || die "apt-get install ${missing[*]} failed (see the messages above)"
else
  say "Debian packages present (${apt_pkgs[*]})"
fi
[ "$browser" = 0 ] || [ -x /usr/bin/chromium ] || die "/usr/bin/chromium is missing after installing the Debian package chromium"
command -v rg >/dev/null || die "ripgrep (rg) is missing after installing the Debian package ripgrep"

# --- 2. npm packages of the project (exactly as locked); never wipe a node_modules that is already right
if [ ! -d node_modules ] || ! node scripts/check-node-modules.mjs; then
  say "npm ci (the project's npm packages, about a minute on a new machine)"
  flock /tmp/unrolled-npm.lock npm ci --no-audit --no-fund --loglevel=error || die "npm ci failed: is the npm registry reachable? (run: npm ci)"
else
  say "node_modules matches package-lock.json"
fi

# --- 3. code-server from npm, with its postinstall done by hand
install_code_server() {
  local work="$CACHE/.code-server-$CS_VERSION.partial"
  rm -rf "$work" && mkdir -p "$work"
  say "code-server $CS_VERSION: npm pack"
  (cd "$work" && npm pack --silent "code-server@$CS_VERSION" >/dev/null) || die "npm pack code-server@$CS_VERSION failed"
  tar xzf "$work/code-server-$CS_VERSION.tgz" -C "$work"
  local pkg="$work/package" vs="$work/package/lib/vscode"
  # node-gyp compiles against the headers of the running Node (it would download them otherwise)
  local prefix
  prefix=$(dirname "$(dirname "$(node -p process.execPath)")")
  [ -f "$prefix/include/node/node.h" ] || die "Node headers not found at $prefix/include/node: install Node with its headers"
  export npm_config_nodedir="$prefix"
  local npmi=(npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error)
  say "code-server: npm install in lib/vscode"
  (cd "$vs" && "${npmi[@]}") || die "npm install in code-server's lib/vscode failed"
  mkdir -p "$vs/node_modules/@vscode/ripgrep/bin"
  cp "$(command -v rg)" "$vs/node_modules/@vscode/ripgrep/bin/rg"
  say "code-server: compiling native modules (about a minute)"
  (cd "$vs" && npm_config_yes=true npm rebuild --loglevel=error @parcel/watcher @vscode/spdlog kerberos native-watchdog node-pty) \
    || die "native rebuild in code-server's lib/vscode failed (build headers: libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev)"
  ln -sfn node_modules "$vs/node_modules.asar"
  (cd "$vs/bin/remote-cli" && ln -sfn code-linux.sh code-server)
  (cd "$vs/bin/helpers" && ln -sfn browser-linux.sh browser.sh)
  say "code-server: npm install in lib/vscode/extensions"
  (cd "$vs/extensions" && "${npmi[@]}") || die "npm install in code-server's lib/vscode/extensions failed"
  say "code-server: npm install at the package root, rebuild argon2"
  (cd "$pkg" && "${npmi[@]}" && npm rebuild --loglevel=error argon2) || die "npm install/rebuild argon2 at code-server's root failed"
  for f in kerberos/build/Release/kerberos.node node-pty/build/Release/pty.node \
    @vscode/spdlog/build/Release/spdlog.node native-watchdog/build/Release/watchdog.node; do
    [ -f "$vs/node_modules/$f" ] || die "code-server native module missing after rebuild: lib/vscode/node_modules/$f"
  done
  local v
  # On a new HOME code-server first says it wrote ~/.config/code-server/config.yaml: give it a config of
  # its own (so the user's is not touched) and look for the version line among what it prints.
  local out v
  out=$(cd "$pkg" && node out/node/entry.js --config "$work/version-check.yaml" --version 2>&1) || true
  v=$(printf '%s\n' "$out" | grep -m1 "^$CS_VERSION" || true)
  [ -n "$v" ] || die "code-server did not start (--version printed: $(printf '%s' "$out" | tr '\n' ' ' | cut -c1-200))"

  rm -rf "$CS_DIR" && mv "$pkg" "$CS_DIR" && rm -rf "$work"
  date -u +%FT%TZ >"$CS_MARKER"
}
mkdir -p "$CACHE"
if [ -f "$CS_MARKER" ]; then
  say "code-server $CS_VERSION ready in $CS_DIR"
else
  # one installer at a time (several test runs may start together)
  exec 9>"$CACHE/.setup.lock"
  flock 9
  if [ -f "$CS_MARKER" ]; then say "code-server $CS_VERSION ready in $CS_DIR"; else
    t=$SECONDS
    install_code_server
    say "code-server $CS_VERSION installed in $CS_DIR ($((SECONDS - t)) s)"
  fi
  flock -u 9
fi
say "done in $((SECONDS - start)) s"
echo "$CS_DIR"
