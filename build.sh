#!/usr/bin/env bash
# Declutter's one entry point.
#   ./build.sh start   install what is missing, build everything, serve the www/ demo
#   ./build.sh test    install what is missing, build everything, run every test
#   ./build.sh build   install what building needs, build the CLI, the wasm module, the extension and the demo into dist/
#   ./build.sh release   install what building needs, build both packages, a source archive and checksums into dist/release/
#   ./build.sh bench [PAGES]   run the benchmarks on a corpus folder (see docs/BENCHMARKS.md)
#   ./build.sh fuzz [SECONDS] [CORPUS_DIR]   fuzz the pipeline (see docs/RELIABILITY.md)
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
CORPUS=${CORPUS:-$ROOT/../shared/corpus}
PORT=${PORT:-8000}
# Build outputs live outside the clone: CI clones afresh for every run, and a machine that has
# built before then recompiles only this crate, not its dependencies.
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/declutter/target}
FUZZ_TARGET_DIR=${FUZZ_TARGET_DIR:-$HOME/.cache/declutter/fuzz-target}

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

# The bindings crate (crates/wasm) as dist/pkg/declutter.js + declutter_bg.wasm; with
# `build_wasm dist/bench-pkg bench`, the module the benchmarks load, with their stage exports.
build_wasm() {
  local out=${1:-dist/pkg} features=${2:-}
  step "wasm module $out (release, wasm-bindgen, wasm-opt)"
  # Dependencies' panic messages name their source files under CARGO_HOME: a fixed prefix keeps
  # the user's home out of the module, so any machine builds the same bytes.
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}=/cargo" \
    cargo build --quiet --release -p declutter-wasm --lib --target wasm32-unknown-unknown \
    ${features:+--features "$features"}
  rm -rf "$out" && mkdir -p "$out"
  wasm-bindgen --target web --no-typescript --remove-name-section --out-name declutter --out-dir "$out" \
    "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/declutter_wasm.wasm"
  node_modules/.bin/wasm-opt -O3 --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-reference-types --enable-mutable-globals \
    "$out/declutter_bg.wasm" -o "$out/declutter_bg.wasm"
}

# Seconds since 1970 stamped on every packaged file: SOURCE_DATE_EPOCH if set, else the commit
# time (git archive writes it into .ci/source-date; a git checkout asks git).
source_date() {
  if [ -n "${SOURCE_DATE_EPOCH:-}" ]; then echo "$SOURCE_DATE_EPOCH"
  elif grep -qsx '[0-9]\+' .ci/source-date; then cat .ci/source-date
  else git log -1 --format=%ct; fi
}

# Zips folder $1 into $2 with bytes that depend only on the files: fixed modes, every mtime at
# the source date (DOS times are local, hence TZ=UTC), names in byte order, no extra fields.
zip_folder() {
  local dir=$1 out=$2 epoch
  epoch=$(source_date)
  find "$dir" -type d -exec chmod 755 {} + && find "$dir" -type f -exec chmod 644 {} +
  find "$dir" -exec touch -h -d "@$epoch" {} +
  rm -f "$out"
  (cd "$dir" && find . -type f -printf '%P\n' | LC_ALL=C sort | TZ=UTC zip -q -X -D -@ "$ROOT/$out")
}

# Reader mode's two legible fonts, from their npm packages (package-lock.json pins them), with
# their licences (SIL OFL 1.1): regular, bold and italic of the Latin subset.
copy_fonts() {
  local out=$1 family face
  mkdir -p "$out"
  for family in atkinson-hyperlegible opendyslexic; do
    for face in 400-normal 700-normal 400-italic; do
      cp "node_modules/@fontsource/$family/files/$family-latin-$face.woff2" "$out/"
    done
    cp "node_modules/@fontsource/$family/LICENSE" "$out/$family-LICENSE.txt"
  done
}

# One package per browser from one source: extension/ with the manifest .ci/manifest.mjs
# makes for that browser (the per-browser overlays stay out of the package).
build_extension() {
  step "extension (dist/extension-<browser>/, dist/declutter-<browser>.zip)"
  [ -d extension ] || { echo "no extension/ yet"; return 0; }
  rm -rf dist/extension # the single folder of earlier builds, so nobody loads a stale one
  local browser dir
  for browser in chromium firefox; do
    dir=dist/extension-$browser
    rm -rf "$dir" && cp -r extension "$dir" && rm "$dir"/manifest.*.json
    cp dist/pkg/declutter.js dist/pkg/declutter_bg.wasm "$dir/"
    copy_fonts "$dir/fonts"
    node .ci/manifest.mjs "$browser" > "$dir/manifest.json"
    zip_folder "$dir" "dist/declutter-$browser.zip"
  done
}

# dist/release/: both packages named with the version, the source archive the stores ask for
# when code is compiled (git archive of $RELEASE_TREE, default HEAD) and SHA256SUMS.
release_files() {
  step "release (dist/release)"
  local v out=dist/release
  v=$(node .ci/manifest.mjs --version)
  rm -rf "$out" && mkdir -p "$out"
  cp dist/declutter-chromium.zip "$out/declutter-$v-chromium.zip"
  cp dist/declutter-firefox.zip "$out/declutter-$v-firefox.zip"
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git archive --format=tar.gz --prefix="declutter-$v/" -o "$out/declutter-$v-source.tar.gz" "${RELEASE_TREE:-HEAD}"
  else
    echo "not a git checkout: no source archive"
  fi
  (cd "$out" && sha256sum -- * > SHA256SUMS && cat SHA256SUMS)
}

# Packages from a tree with uncommitted changes would not match its source archive.
require_clean_tree() {
  git rev-parse --is-inside-work-tree >/dev/null 2>&1 || return 0
  [ -z "$(git status --porcelain)" ] && return 0
  [ "${ALLOW_DIRTY:-}" = 1 ] && { echo "uncommitted changes (ALLOW_DIRTY=1): the packages will not match the source archive"; return 0; }
  echo "uncommitted changes: commit them first (or ALLOW_DIRTY=1 ./build.sh release)" >&2
  return 1
}

# Builds the release a second time from its own source archive: another folder, no .git, an
# empty Cargo target dir, CARGO_HOME under another path (a link to this one). Identical package
# checksums mean no timestamp, file order or absolute path leaks into the packages, and that the
# archive holds everything they are built from.
# Uncommitted changes to tracked files go into the archive (git stash create), so this tests
# the working tree; run after build_all.
release_reproducible() {
  local v tmp tree
  v=$(node .ci/manifest.mjs --version)
  tmp=$(mktemp -d)
  tree=$(git stash create) && tree=${tree:-HEAD}
  # The date build_all stamped (an archive of uncommitted changes carries another).
  export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct)}
  # (A suite runs in an `if`, where set -e is off: each step checks.)
  RELEASE_TREE=$tree release_files && tar -xzf "dist/release/declutter-$v-source.tar.gz" -C "$tmp" || return 1
  ln -s "$ROOT/node_modules" "$tmp/declutter-$v/node_modules" && ln -s "${CARGO_HOME:-$HOME/.cargo}" "$tmp/cargo-home" || return 1
  if ! (cd "$tmp/declutter-$v" && CARGO_HOME="$tmp/cargo-home" CARGO_TARGET_DIR="$tmp/target" ./build.sh release); then
    echo "the rebuild from the source archive failed (kept in $tmp)" >&2
    return 1
  fi
  step "checksums: this checkout, then the rebuild from the source archive"
  if diff <(grep -e '-chromium.zip$' -e '-firefox.zip$' dist/release/SHA256SUMS) "$tmp/declutter-$v/dist/release/SHA256SUMS"; then
    rm -rf "$tmp"
    echo "identical"
  else
    echo "the packages differ; both builds are kept: dist/ and $tmp/declutter-$v/dist/" >&2
    return 1
  fi
}

build_www() {
  step "demo page (dist/www)"
  [ -d www ] || { echo "no www/ yet"; return 0; }
  rm -rf dist/www && cp -r www dist/www
  mkdir -p dist/www/pkg && cp dist/pkg/declutter.js dist/pkg/declutter_bg.wasm dist/www/pkg/
  mkdir -p dist/www/samples
  for f in tests/fixtures/*/source.html; do
    name=$(basename "$(dirname "$f")")
    cp "$f" "dist/www/samples/$name.html"
  done
  (cd dist/www/samples && ls *.html | node -e \
    'const l=require("fs").readFileSync(0,"utf8").trim().split("\n");console.log(JSON.stringify(l))' \
    > index.json)
}

build_all() {
  step "native core and CLI (release)"
  cargo build --quiet --release
  build_wasm
  build_extension
  build_www
}

# Each suite runs in order; the first failure stops the run.
passed=()
suite() {
  local name=$1; shift
  step "$name"
  if ! "$@"; then
    printf '\n\033[1mtest summary: %d suites passed, 1 failed: %s\033[0m\n' "${#passed[@]}" "$name"
    exit 1
  fi
  passed+=("$name")
}

# The quality figures over both corpus folders, bounded by tests/eval/gates.json (written by
# tests/eval/set_gates.py from a measured run): any figure that gets worse fails.
eval_gate() {
  "$CARGO_TARGET_DIR/release/declutter" eval "$CORPUS/readability" "$CORPUS/modern" \
    --labels tests/labels/readability.json --labels tests/labels/modern.json \
    --gates tests/eval/gates.json
}

# Fuzzes `declutter::analyze` with libFuzzer for $1 seconds (or $5 inputs, if fewer); any panic,
# timeout (10 s for one input) or memory blow-up (2 GB) fails the run and leaves the input in
# fuzz/artifacts/analyze/. The corpus lives outside the tracked files (default
# target/fuzz-corpus) and is seeded with our fixtures and the shared corpus pages, which must
# never be committed. Mode $4: `asan` (AddressSanitizer and comparison tracing, for campaigns)
# or `fast` (neither: ten times the executions a second; the core forbids unsafe code, so
# AddressSanitizer watches only its dependencies), each with its own build folder. `fast` also
# turns off libFuzzer's entropic schedule and input reduction: over a short run their upkeep
# (every new feature revisits every corpus unit) cost a quarter of each execution.
fuzz_run() {
  local seconds=$1 dir=${2:-$ROOT/target/fuzz-corpus} max_len=${3:-65536} mode=${4:-asan} runs=${5:--1}
  local target_dir=$FUZZ_TARGET_DIR flags=() fuzzer_flags=()
  if [ "$mode" = fast ]; then
    target_dir=$FUZZ_TARGET_DIR-fast
    flags=(--sanitizer none --no-trace-compares)
    fuzzer_flags=(-entropic=0 -reduce_inputs=0)
  fi
  mkdir -p "$dir"
  local f seed
  for f in tests/fixtures/*/source.html "$CORPUS"/readability/*/source.html; do
    seed="$dir/seed-$(basename "$(dirname "$f")").html"
    if [ -f "$f" ] && [ ! -e "$seed" ]; then cp "$f" "$seed"; fi
  done
  cargo +nightly fuzz run "${flags[@]}" --target-dir "$target_dir" analyze "$dir" -- \
    -max_total_time="$seconds" -runs="$runs" -timeout=10 \
    -rss_limit_mb=2048 -max_len="$max_len" -print_final_stats=1 "${fuzzer_flags[@]}" 2>&1 |
    sed -E '/^#[0-9]+\s+(NEW|REDUCE|pulse)\s/d; /^\s+NEW_FUNC/d; /^"/d'  # progress and dictionary lines
}

# The lints of Cargo.toml's [workspace.lints] and clippy's defaults: the core and the CLI on every
# native target, the wasm bindings (with and without their benchmark exports) on wasm32.
clippy_all() {
  cargo clippy --quiet --all-targets -- -D warnings &&
    cargo clippy --quiet -p declutter-wasm --lib --tests --all-features --target wasm32-unknown-unknown -- -D warnings &&
    cargo clippy --quiet -p declutter-wasm --lib --target wasm32-unknown-unknown -- -D warnings
}

# The JavaScript (extension, demo, tests, benchmarks, CI helpers): ESLint's findings
# (eslint.config.js) and Prettier's layout (package.json), every .js and .mjs file but those
# .gitignore and eslint.config.js leave out.
js_lint() {
  node_modules/.bin/eslint --max-warnings 0 . && node_modules/.bin/prettier --check --log-level warn '**/*.{js,mjs}'
}

wasm_tests() {
  local browser=$1
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
  if [ "$browser" = chromium ]; then
    CHROMEDRIVER=/usr/bin/chromedriver cargo test -p declutter-wasm --target wasm32-unknown-unknown
  else
    GECKODRIVER=$(command -v geckodriver) cargo test -p declutter-wasm --target wasm32-unknown-unknown
  fi
}

case "${1:-}" in
  start)
    .ci/install.sh
    build_all
    step "serving"
    echo "Demo:       http://127.0.0.1:$PORT/"
    echo "Extension:  Chromium: chrome://extensions → Developer mode → Load unpacked → $ROOT/dist/extension-chromium"
    echo "            Firefox:  about:debugging#/runtime/this-firefox → Load Temporary Add-on → $ROOT/dist/extension-firefox/manifest.json"
    echo "Press Ctrl+C to stop."
    exec node tests/support/serve.mjs dist/www "$PORT"
    ;;
  build)
    .ci/install.sh build
    build_all
    ;;
  release)
    require_clean_tree
    .ci/install.sh build
    build_wasm
    build_extension
    release_files
    ;;
  test)
    .ci/install.sh
    suite "format (cargo fmt --check)" cargo fmt --check
    suite "lint (cargo clippy -D warnings, native and wasm)" clippy_all
    suite "JS lint (eslint, prettier --check)" js_lint
    suite "native tests (cargo test)" cargo test --quiet
    build_all
    suite "wasm tests in headless Chromium" wasm_tests chromium
    suite "wasm tests in headless Firefox" wasm_tests firefox
    suite "extension lint (web-ext lint, Firefox package, warnings fail)" \
      node_modules/.bin/web-ext lint --source-dir dist/extension-firefox --warnings-as-errors
    suite "browser tests (extension, packages, demo: node --test tests/e2e/)" node --test --test-concurrency=1 tests/e2e/
    suite "release reproducible (rebuilt from its source archive)" release_reproducible
    skipped=""
    if [ -d "$CORPUS/readability" ] && [ -d "$CORPUS/modern" ]; then
      suite "corpus evaluation gate" eval_gate
    else
      skipped=", 1 skipped (no corpus at $CORPUS/readability and $CORPUS/modern: evaluation gate)"
    fi
    suite "fuzz analyze (100,000 inputs of up to 4 KB, no sanitizer)" fuzz_run 900 "" 4096 fast 100000
    printf '\n\033[1mtest summary: %d suites passed, 0 failed%s\033[0m\n' "${#passed[@]}" "$skipped"
    printf '  %s\n' "${passed[@]}"
    ;;
  bench)
    # Default: the Readability test pages. Each part writes target/bench/<part>.json (criterion:
    # $CARGO_TARGET_DIR/criterion); the summary prints them as the tables of docs/BENCHMARKS.md.
    pages=$(realpath "${2:-$CORPUS/readability}")
    [ -d "$pages" ] || { echo "no corpus folder at $pages" >&2; exit 1; }
    export DECLUTTER_CORPUS=$pages
    .ci/install.sh
    build_all
    build_wasm dist/bench-pkg bench
    step "native: parse floor vs classify vs full (criterion)"
    cargo bench --bench pipeline
    step "native: the three stages interleaved on each page"
    cargo bench --bench stages
    step "native: peak memory on the largest page"
    node benches/native-memory.mjs "$pages"
    step "wasm in Node: parse floor vs declutter vs reader, size, linear memory"
    node benches/wasm-node.mjs "$pages"
    step "headless Chromium: toggle to de-cluttered page and reader view vs Readability.js"
    DECLUTTER_EXTENSION=$ROOT/dist/extension-chromium node benches/browser.mjs "$pages"
    step "headless Chromium: navigation to clutter hidden, warm vs after the service worker was stopped"
    DECLUTTER_EXTENSION=$ROOT/dist/extension-chromium node benches/cold-start.mjs "$pages"
    step "summary (also in target/bench/summary.md)"
    node benches/summary.mjs | tee target/bench/summary.md
    ;;
  fuzz)
    .ci/install.sh
    fuzz_run "${2:-600}" "${3:-}" 262144
    ;;
  *)
    sed -n '2,8p' "$0"
    exit 2
    ;;
esac
