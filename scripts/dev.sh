#!/usr/bin/env bash
# The two commands of the README:
#   scripts/dev.sh serve   set everything up, build, and serve the app at http://127.0.0.1:8080
#   scripts/dev.sh test    set everything up and run every test layer (native, then browser)
# Both install only what is missing, so they are quick the second time.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=0.2.130   # must equal Cargo.lock's wasm-bindgen (pinned in Cargo.toml)
TRUNK_VERSION=0.21.14          # newer trunk needs a newer rustc
WASM_SPLIT_VERSION=0.2.4       # wasm_split_cli_support: Leptos's lazy routes' splitter (not crates.io's wasm-split-cli)
BINARYEN_VERSION=132           # npm binaryen; never Debian's wasm-opt 108 (its output dies at start-up)
LEPTOSFMT_VERSION=0.1.33       # formats view! macros (leptosfmt.toml); the test command checks it
POUCHDB_SERVER_VERSION=4.2.0   # a CouchDB-protocol server for the sync tests only (tests/support/couch.rs)
GECKODRIVER_VERSION=0.37.1     # Firefox's WebDriver (not a Debian package); builds on the stable toolchain
CACHE="${JINGZHUN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/jingzhun}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$CACHE/target}"   # shared by every clone: builds stay warm

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

setup() {
  mkdir -p "$CACHE"
  export PATH="$HOME/.cargo/bin:$CACHE/node_modules/.bin:$PATH"
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32 target"; rustup target add wasm32-unknown-unknown
  fi
  if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
    say "installing trunk $TRUNK_VERSION (about 9 minutes on 2 cores, once)"
    cargo install trunk --version "$TRUNK_VERSION" --locked
  fi
  if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
    say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 3 minutes, once)"
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
  fi
  if ! cargo install --list | grep -q "^wasm_split_cli_support v$WASM_SPLIT_VERSION"; then
    say "installing wasm-split-cli $WASM_SPLIT_VERSION (splits the app by route, about 3 minutes, once)"
    cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary
  fi
  if ! "$CACHE/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q "version $BINARYEN_VERSION"; then
    say "installing wasm-opt (npm binaryen@$BINARYEN_VERSION)"
    npm install --prefix "$CACHE" --no-audit --no-fund --silent "binaryen@$BINARYEN_VERSION"
  fi
  if ! leptosfmt --version 2>/dev/null | grep -q "$LEPTOSFMT_VERSION"; then
    say "installing leptosfmt $LEPTOSFMT_VERSION (the view! formatter, about 4 minutes, once)"
    cargo install leptosfmt --version "$LEPTOSFMT_VERSION" --locked
  fi
  if [ "${1:-}" = browser ] && ! grep -qs "\"version\": \"$POUCHDB_SERVER_VERSION\"" "$CACHE/pouchdb/node_modules/pouchdb-server/package.json"; then
    say "installing pouchdb-server $POUCHDB_SERVER_VERSION (the sync tests' CouchDB stand-in, about a minute, once)"
    npm install --prefix "$CACHE/pouchdb" --no-audit --no-fund --silent "pouchdb-server@$POUCHDB_SERVER_VERSION"
  fi
  export JINGZHUN_POUCHDB="$CACHE/pouchdb/node_modules/.bin/pouchdb-server"
  if [ "${1:-}" = browser ] && { ! command -v chromedriver >/dev/null || ! [ -x /usr/bin/chromium ]; }; then
    say "installing chromium and chromedriver (Debian packages)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
  # The other engines (tests/browser_engines.rs): Firefox ESR, and WebKitGTK's MiniBrowser driven by
  # WebKitWebDriver on an Xvfb display (WebKitGTK has no headless mode).
  if [ "${1:-}" = browser ] && { ! [ -x /usr/bin/firefox-esr ] || ! command -v WebKitWebDriver >/dev/null || ! command -v Xvfb >/dev/null; }; then
    say "installing firefox-esr, webkit2gtk-driver and xvfb (Debian packages, about half a minute)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq firefox-esr webkit2gtk-driver xvfb >/dev/null
  fi
  if [ "${1:-}" = browser ] && ! geckodriver --version 2>/dev/null | grep -q "geckodriver $GECKODRIVER_VERSION"; then
    say "installing geckodriver $GECKODRIVER_VERSION (Firefox's WebDriver, about 2 minutes, once)"
    cargo install geckodriver --version "$GECKODRIVER_VERSION" --locked
  fi
}

build_release() {
  say "building the release app (trunk build --release)"
  trunk build --release
}

case "${1:-}" in
  serve)
    setup
    build_release
    say "serving at http://127.0.0.1:8080 (the demo county is one click away on the first screen)"
    exec trunk serve --release --no-autoreload
    ;;
  test)
    setup browser
    say "format and lints"
    cargo fmt --check
    leptosfmt --check src/ui >/dev/null || { leptosfmt --check src/ui | grep -v '✅'; exit 1; }
    cargo clippy --release --all-targets --quiet -- -D warnings
    cargo clippy --release --target wasm32-unknown-unknown --lib --bins --quiet -- -D warnings
    say "native tests: domain, exchange, store"
    cargo test --release --lib --test demo_county --test exchange --test calculations --test store --test editing --test roster --test intents --test helping --test pairing_sheet --test campaign --test sync
    build_release
    say "browser tests: headless Chromium, then Firefox ESR and WebKitGTK, against the release build"
    JINGZHUN_E2E=1 JINGZHUN_DIST="$PWD/dist" cargo test --release --test browser --test browser_helping --test browser_campaign --test browser_store --test browser_import --test browser_privacy --test browser_sync --test browser_engines -- --test-threads=1
    ;;
  bench)
    # Prints numbers; not a test. `scripts/dev.sh bench clean` also times a clean release build.
    setup browser
    if [ "${2:-}" = clean ]; then
      say "clean release build (app and all its dependencies, for wasm)"
      rm -rf "$CARGO_TARGET_DIR/wasm32-unknown-unknown" dist
      start=$(date +%s); trunk build --release >/dev/null 2>&1; echo "clean release build: $(( $(date +%s) - start )) s"
    else
      build_release >/dev/null 2>&1
    fi
    say "bundle sizes (raw / gzip -9)"
    total=0
    for f in dist/jingzhun-*.wasm dist/xlsx_worker_bg.wasm dist/jingzhun-*.js dist/__wasm_split-*.js dist/boot-*.js dist/*.css dist/index.html dist/sw.js dist/manifest.webmanifest; do
      raw=$(wc -c < "$f"); gz=$(gzip -9c "$f" | wc -c); total=$((total + gz))
      printf '  %-40s %9d B raw  %8d B gzip\n' "$(basename "$f")" "$raw" "$gz"
    done
    # The pages' modules and the chunks they share (docs/first-screen.md), fetched on first use.
    n=0; raw=0; gz=0
    for f in dist/split_*.wasm dist/chunk_*.wasm; do
      n=$((n + 1)); raw=$((raw + $(wc -c < "$f"))); gz=$((gz + $(gzip -9c "$f" | wc -c)))
    done
    total=$((total + gz))
    printf '  %-40s %9d B raw  %8d B gzip\n' "$n page modules and shared chunks" "$raw" "$gz"
    printf '  %-40s %29d B gzip\n' "whole app" "$total"
    say "native core benchmark"
    cargo run --release --quiet --bin bench
    say "browser benchmark (headless Chromium, 20,000 households)"
    cargo run --release --quiet --example browser_bench -- "${JINGZHUN_BENCH_HOUSEHOLDS:-20000}"
    say "sync benchmark (headless Chromium and pouchdb-server, 20,000 households in 100 villages)"
    cargo run --release --quiet --example sync_bench -- "${JINGZHUN_BENCH_HOUSEHOLDS:-20000}" 100
    ;;
  fuzz)
    # `scripts/dev.sh fuzz [seconds per target] [target ...]`: every reader of untrusted files,
    # fuzzed with cargo-fuzz (libFuzzer) on the nightly toolchain, seeded from tests/corpus.
    # Findings land in fuzz/artifacts/<target>/; the executions are printed per target.
    setup
    seconds="${2:-60}"; shift $(( $# > 1 ? 2 : $# ))
    targets=("$@"); [ ${#targets[@]} -gt 0 ] || targets=(import import_populated roster_csv workbook)
    if ! rustup toolchain list | grep -q '^nightly'; then
      say "installing the nightly toolchain (cargo-fuzz needs it)"; rustup toolchain install nightly --profile minimal
    fi
    if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
      say "installing cargo-fuzz (once)"; cargo install cargo-fuzz
    fi
    cd fuzz
    for t in "${targets[@]}"; do
      corpus="corpus/$t"; mkdir -p "$corpus"
      case "$t" in
        import|import_populated) cp -n ../tests/corpus/*.json "$corpus"/ ;;
        roster_csv) cp -n seeds/*.csv "$corpus"/ ;;
        workbook) cp -n seeds/*.xlsx "$corpus"/ ;;
      esac
      say "fuzzing $t for $seconds s"
      cargo +nightly fuzz run -O "$t" "$corpus" -- -max_total_time="$seconds" -max_len=65536 -print_final_stats=1 2>&1 \
        | grep -E 'stat::number_of_executed_units|stat::peak_rss|SUMMARY|panicked|Done' || true
    done
    ;;
  *)
    echo "usage: scripts/dev.sh serve | test | bench | fuzz [seconds] [target ...]" >&2
    exit 2
    ;;
esac
