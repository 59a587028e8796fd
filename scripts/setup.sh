#!/usr/bin/env bash
# Installs whatever is missing to build (and, with --test, to test) Vitrine.
# Tools already present at the right version are reused; nothing is assumed.
set -euo pipefail
cd "$(dirname "$0")/.."

WANT_TEST=0
[ "${1:-}" = "--test" ] && WANT_TEST=1

CARGO_LEPTOS_VERSION=0.3.10
BINARYEN_VERSION=132.0.0
TOOLS_DIR="${VITRINE_TOOLS_DIR:-$HOME/.cache/vitrine-tools}"
export PATH="$HOME/.cargo/bin:$TOOLS_DIR/node_modules/.bin:$PATH"

log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }

# Build tools are compiled without whole-program LTO and with parallel codegen: cargo-leptos's
# own release profile (lto = true, codegen-units = 1) took 14 of CI's minutes on 2 cores for a
# tool whose speed is spent in wasm-opt and rustc, not in itself.
fast_install() {
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    CARGO_PROFILE_RELEASE_DEBUG=false cargo install "$@"
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
if [ "$WANT_TEST" = 1 ]; then
  rustup component list --installed | grep -q '^clippy' || rustup component add clippy
  rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt
fi

if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  log "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 7 minutes on 2 cores)"
  fast_install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
fi

# The unused-dependency check of `make test`.
CARGO_MACHETE_VERSION=0.9.1
if [ "$WANT_TEST" = 1 ] && ! cargo machete --version 2>/dev/null | grep -q "$CARGO_MACHETE_VERSION"; then
  log "installing cargo-machete $CARGO_MACHETE_VERSION"
  fast_install cargo-machete --version "$CARGO_MACHETE_VERSION" --locked
fi

# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
if [ -z "$WB_VERSION" ]; then echo "cannot read wasm-bindgen version from Cargo.lock" >&2; exit 1; fi
if ! wasm-bindgen --version 2>/dev/null | grep -q " $WB_VERSION\$\| $WB_VERSION "; then
  log "installing wasm-bindgen-cli $WB_VERSION"
  # --locked fails here (a locked transitive version is missing from the registry).
  fast_install wasm-bindgen-cli --version "$WB_VERSION" --force
fi

# Debian's binaryen (108) is too old: hydration dies in the browser. Use npm's.
if ! "$TOOLS_DIR/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q "${BINARYEN_VERSION%%.*}"; then
  log "installing wasm-opt (npm binaryen $BINARYEN_VERSION) into $TOOLS_DIR"
  mkdir -p "$TOOLS_DIR"
  (cd "$TOOLS_DIR" && { [ -f package.json ] || echo '{"private":true}' > package.json; } \
    && npm install --no-audit --no-fund --silent "binaryen@$BINARYEN_VERSION")
fi

if [ "$WANT_TEST" = 1 ]; then
  need_apt=()
  [ -x /usr/bin/chromium ] || need_apt+=(chromium)
  # CJK fonts so that screenshots taken by the browser tests are readable.
  dpkg -s fonts-wqy-microhei >/dev/null 2>&1 || need_apt+=(fonts-wqy-microhei)
  { command -v initdb >/dev/null || [ -x /usr/lib/postgresql/15/bin/initdb ]; } || need_apt+=(postgresql)
  command -v wrk >/dev/null || need_apt+=(wrk)  # the load check of make bench
  if [ "${#need_apt[@]}" -gt 0 ]; then
    log "installing ${need_apt[*]} with apt"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${need_apt[@]}" >/dev/null
  fi
  if [ ! -d end2end/node_modules/@playwright/test ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
    log "installing end2end npm packages"
    (cd end2end && npm ci --no-audit --no-fund --silent)
  fi
fi
log "tools ready"
