#!/usr/bin/env bash
# Installs everything the build and the tests need, idempotently and at pinned versions.
# Safe to run again: each step checks before it installs. Works as root on a fresh Debian machine
# whose only network is the package registries.
#   .ci/install.sh         the build and the tests
#   .ci/install.sh build   the build alone (Rust, wasm-bindgen, wasm-opt, zip): no browsers or
#                          test tools, for rebuilding the packages (e.g. from a source archive)
set -euo pipefail
cd "$(dirname "$0")/.."
tests=$([ "${1:-}" = build ] && echo no || echo yes)

log() { printf '\033[1m[install]\033[0m %s\n' "$*"; }

# Rust toolchain and wasm target (rust-toolchain.toml pins both; rustup installs on first use).
rustup show active-toolchain >/dev/null
rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

# wasm-bindgen-cli must match the wasm-bindgen crate of the lock file exactly.
want=$(cargo pkgid wasm-bindgen | sed 's/.*@//')
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  log "wasm-bindgen-cli $want (have: ${have:-none})"
  # Without --locked: the CLI's own lock names a crate version the registry lacks (TOOLCHAIN.md).
  cargo install -q wasm-bindgen-cli --version "=$want"
fi

# zip for the packages; browsers and drivers from Debian's packages (tools that download their
# own browser fail here), unzip for the package tests.
need_apt=()
command -v zip >/dev/null || need_apt+=(zip)
if [ "$tests" = yes ]; then
  command -v chromium >/dev/null || need_apt+=(chromium)
  command -v chromedriver >/dev/null || need_apt+=(chromium-driver)
  command -v firefox-esr >/dev/null || need_apt+=(firefox-esr)
  command -v unzip >/dev/null || need_apt+=(unzip)
  # The interface in German in both browsers, for the extension's locale tests.
  [ -f /usr/lib/chromium/locales/de.pak ] || need_apt+=(chromium-l10n)
  [ -f /usr/lib/firefox-esr/browser/extensions/langpack-de@firefox-esr.mozilla.org.xpi ] || need_apt+=(firefox-esr-l10n-de)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  log "apt: ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if [ "$tests" = yes ]; then
  GECKODRIVER_VERSION=0.37.1
  if ! geckodriver --version 2>/dev/null | grep -q "geckodriver $GECKODRIVER_VERSION"; then
    log "geckodriver $GECKODRIVER_VERSION"
    cargo install -q geckodriver --version "=$GECKODRIVER_VERSION"
  fi

  # Fuzzing (build.sh's fuzz stage): cargo-fuzz drives libFuzzer and needs a nightly toolchain.
  rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
  CARGO_FUZZ_VERSION=0.13.2
  if ! cargo fuzz --version 2>/dev/null | grep -q "cargo-fuzz $CARGO_FUZZ_VERSION"; then
    log "cargo-fuzz $CARGO_FUZZ_VERSION"
    cargo install -q cargo-fuzz --version "=$CARGO_FUZZ_VERSION"
  fi
fi

# npm packages from the committed lock file (playwright-core, web-ext, binaryen, readability,
# eslint, prettier), installed when node_modules lacks a package at the lock's version and
# integrity. Compared by content, not mtime: a fresh checkout's lock file is newer than any
# node_modules, and npm ci through a node_modules symlinked from another checkout empties that
# checkout's.
npm_current() {
  node -e 'const read = (f) => JSON.parse(require("fs").readFileSync(f, "utf8")).packages;
    const want = read("package-lock.json"), have = read("node_modules/.package-lock.json");
    const stale = Object.entries(want).filter(([k, v]) => k && !v.optional &&
      (have[k]?.version !== v.version || have[k]?.integrity !== v.integrity));
    process.exit(stale.length ? 1 : 0);' 2>/dev/null
}
if ! npm_current; then
  if [ -L node_modules ]; then
    echo "node_modules is a symlink ($(readlink node_modules)) and out of date: run npm ci there" >&2
    exit 1
  fi
  log "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
log "done"
