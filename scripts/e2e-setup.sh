#!/usr/bin/env bash
# Installs what the end-to-end suite (test/e2e) needs: Debian's Chromium, which playwright-core
# drives; ripgrep and libkrb5-dev, which code-server's install needs; and code-server itself, a
# real VS Code served to the browser. See /work/shared/notes/real-vscode.md for the recipe.
#
# Idempotent: whatever is already there is skipped. Quiet: it prints only when it installs
# something, and on failure the tail of its log. code-server is cached per machine, outside the
# clone, so a clean clone on the same machine reuses it; .vscode-test/code-server links there.
#
#   E2E_CACHE_DIR   where code-server is cached (default: ${XDG_CACHE_HOME:-~/.cache}/iam-policy-author-e2e)
set -euo pipefail

code_server_version=4.100.3
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${E2E_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/iam-policy-author-e2e}"
install_dir="$cache/code-server-$code_server_version"
link="$root/.vscode-test/code-server"
mkdir -p "$root/.vscode-test"
log="$root/.vscode-test/e2e-setup.log"
: >"$log"

partial=""

say() { echo "e2e-setup: $*" >&2; }
fail() {
  say "FAILED: $1"
  [[ -z "$partial" ]] || rm -rf "$partial"
  if [[ -s "$log" ]]; then
    say "last lines of $log:"
    tail -n 60 "$log" >&2
  fi
  exit 1
}

as_root() {
  if [[ "$(id -u)" -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo -n "$@"
  else
    fail "root (or password-less sudo) is needed to run: $*"
  fi
}

# ---- Debian packages ------------------------------------------------------------------------
# make, g++ and python3 are for node-gyp, which builds code-server's native modules.
packages=(chromium ripgrep libkrb5-dev make g++ python3)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if ((${#missing[@]})); then
  command -v apt-get >/dev/null || fail "apt-get not found; install these yourself: ${missing[*]}"
  say "installing ${missing[*]} with apt-get"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >>"$log" 2>&1 || fail "apt-get update"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >>"$log" 2>&1 ||
    fail "apt-get install ${missing[*]}"
fi

# ---- code-server ----------------------------------------------------------------------------
# True when $1 holds a complete code-server install: the version we want, and the native modules
# and ripgrep that its postinstall builds or fetches (they are missing if that script was skipped).
complete() {
  local package="$1/node_modules/code-server" modules="$1/node_modules/code-server/lib/vscode/node_modules"
  local bindings=("$1"/node_modules/argon2/lib/binding/*/argon2.node)
  [[ -x "$1/node_modules/.bin/code-server" ]] &&
    grep -q "\"version\": \"$code_server_version\"" "$package/package.json" 2>/dev/null &&
    [[ -f "$modules/node-pty/build/Release/pty.node" ]] &&
    [[ -f "$modules/@vscode/spdlog/build/Release/spdlog.node" ]] &&
    [[ -x "$modules/@vscode/ripgrep/bin/rg" ]] &&
    [[ -e "$package/lib/vscode/node_modules.asar" ]] &&
    [[ -d "$package/lib/vscode/extensions/node_modules" ]] &&
    [[ -f "${bindings[0]}" ]]
}

# @vscode/ripgrep (a dependency of code-server's VS Code) downloads rg from GitHub when installed.
# Pre-seeding its download cache with Debian's rg means no download is attempted.
seed_ripgrep_cache() {
  local target
  case "$(uname -m)" in
    x86_64) target=x86_64-unknown-linux-musl ;;
    aarch64 | arm64) target=aarch64-unknown-linux-musl ;;
    *) fail "no ripgrep build known for $(uname -m)" ;;
  esac
  local staging tmp
  staging="$(mktemp -d)"
  tmp="$(node -p 'require("os").tmpdir()')"
  cp "$(command -v rg)" "$staging/rg"
  tar czf "$staging/rg.tgz" -C "$staging" rg
  for patch in 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14; do
    local dir="$tmp/vscode-ripgrep-cache-1.15.$patch"
    mkdir -p "$dir"
    [[ -f "$dir/ripgrep-v13.0.0-10-$target.tar.gz" ]] || cp "$staging/rg.tgz" "$dir/ripgrep-v13.0.0-10-$target.tar.gz"
  done
  rm -rf "$staging"
}

install_code_server() {
  local node_major
  node_major="$(node -p 'process.versions.node.split(".")[0]')"
  [[ "$node_major" == 20 ]] || fail "code-server $code_server_version needs Node 20, found $(node --version)"
  say "installing code-server $code_server_version into $install_dir (a minute or two)"
  seed_ripgrep_cache

  # Leftovers of an install that was killed; we hold the lock, so nobody else is writing them.
  rm -rf "$install_dir".partial-*
  partial="$install_dir.partial-$$"
  mkdir -p "$partial"
  # npm 11 asks a project's package.json which dependencies may run install scripts; code-server's
  # postinstall builds VS Code's native modules, and argon2's builds its binding.
  cat >"$partial/package.json" <<EOF
{
  "private": true,
  "description": "code-server for the end-to-end tests of IAM Policy Author, installed by scripts/e2e-setup.sh.",
  "dependencies": { "code-server": "$code_server_version" },
  "allowScripts": { "code-server@$code_server_version": true, "argon2@0.31.2": true }
}
EOF
  # - unsafe_perm: code-server's postinstall refuses to run as root without it (it reads the env).
  # - yes: node-pty's postinstall runs `npx node-gyp`, which would otherwise ask.
  # - strict_allow_scripts=false: the postinstall runs `npm install` inside code-server, where no
  #   allowScripts policy exists; its dependencies are pinned by code-server's npm-shrinkwrap.json.
  #   Keep those on npm's run-with-a-notice default even if a user config turned strict mode on.
  # - nodedir: node-gyp needs Node's headers; use the installed ones instead of downloading them.
  local node_prefix nodedir=()
  node_prefix="$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")"
  if [[ -z "${npm_config_nodedir:-}" && -f "$node_prefix/include/node/node.h" ]]; then
    nodedir=("npm_config_nodedir=$node_prefix")
  fi
  (
    cd "$partial"
    env npm_config_unsafe_perm=true npm_config_yes=true npm_config_strict_allow_scripts=false "${nodedir[@]}" \
      npm install --no-audit --no-fund --foreground-scripts
  ) >>"$log" 2>&1 || fail "npm install code-server@$code_server_version"
  complete "$partial" ||
    fail "code-server was installed but its native modules or ripgrep are missing (were install scripts skipped? look for 'install-scripts' in the log)"

  # code-server writes a config file and logs under the XDG folders; keep this check out of $HOME.
  local scratch
  scratch="$(mktemp -d)"
  XDG_CONFIG_HOME="$scratch" XDG_DATA_HOME="$scratch" "$partial/node_modules/.bin/code-server" --version >>"$log" 2>&1 ||
    { rm -rf "$scratch"; fail "the installed code-server does not start"; }
  rm -rf "$scratch"
  rm -rf "$install_dir"
  mv "$partial" "$install_dir"
  partial=""
}

if complete "$link"; then
  exit 0
fi

mkdir -p "$cache"
# Two clones on one machine may set up at once; the second waits and then finds the cache filled.
if command -v flock >/dev/null; then
  exec 9>"$cache/.lock"
  flock -w 1800 9 || fail "timed out waiting for another e2e-setup to finish ($cache/.lock)"
fi
complete "$install_dir" || install_code_server
rm -rf "$link"
ln -s "$install_dir" "$link"
complete "$link" || fail "$link does not lead to a complete code-server install"
