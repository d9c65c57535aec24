#!/usr/bin/env bash
# Build-time benchmark (issues 3 and 10): the generated v1.0 and beta clients against graph-rs-sdk 3.0.1, in the
# same run.
#
# Builds throwaway crates in a temp dir, sharing one target dir (dev profile, as users build, with the proc macro
# optimised as the README advises for large folders: `[profile.dev.build-override] opt-level = 3`):
#   - v1:       graph_docs_macro::generate! { docs: <../shared/graph-docs-2020/v1.0> } under #![deny(warnings)]
#   - beta:     the same for <../shared/graph-docs-2020/beta>
#   - beta-noinc: the beta client again, with `[profile.dev.package.bench-beta-noinc] incremental = false`: cargo
#               builds a registry dependency such as graph-rs-sdk without incremental state, and a workspace
#               crate with it, so this is the same compiler work on both sides (see the README's note on it)
#   - baseline: a crate depending on graph-rs-sdk =3.0.1 (fetched by cargo), rustls
#   - baseline-inc: graph-rs-sdk's crate again, from the source cargo fetched for the baseline (copied into the
#               benchmark's temp dir, found with `cargo metadata`) as a path dependency, which cargo builds with
#               incremental state as it builds the generated client's crate: the like-for-like baseline of the
#               beta build above (a path dependency's lints are not capped either, as the client's are not)
# Dependencies are built first; then each measured crate is rebuilt from scratch (its incremental state and
# artifacts removed), three times, and the best time is kept, with the compiler's peak memory (maximum resident
# set size of the build, from /usr/bin/time). Prints macro expansion time alone and peak memory (in-process, dev
# profile), the check and build times of each crate, and the ratios.
#
# Usage: bench/build-time.sh            (needs network the first time, for graph-rs-sdk)
#        BENCH_RUNS=1 bench/build-time.sh   (one build of each instead of the best of three)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="$root/../shared/graph-docs-2020"
if [ ! -d "$shared/v1.0" ] || [ ! -d "$shared/beta" ]; then
    echo "SKIPPED: $shared/{v1.0,beta} not found (the benchmark needs ../shared/graph-docs-2020)"
    exit 0
fi
shared="$(cd "$shared" && pwd)"
work="${BENCH_DIR:-$(mktemp -d)}"
export CARGO_TARGET_DIR="${BENCH_TARGET_DIR:-$work/target}"

# client <crate dir> <crate name> <folder> <module> [profile lines]: a crate generating the client of one folder.
client() {
    mkdir -p "$1/src"
    cat > "$1/Cargo.toml" <<TOML
[package]
name = "$2"
version = "0.0.0"
edition = "2021"
publish = false
[dependencies]
graph-docs-macro = { path = "$root/graph-docs-macro" }
graph-runtime = { path = "$root/graph-runtime" }
[profile.dev.build-override]
opt-level = 3
${5:-}
[workspace]
TOML
    local rel
    rel="$(python3 -c "import os,sys; print(os.path.relpath(sys.argv[1], sys.argv[2]))" "$3" "$1")"
    cat > "$1/src/lib.rs" <<RS
//! A generated client.
#![deny(warnings)]
/// Microsoft Graph, generated from \`$(basename "$3")\`.
#[allow(deprecated)]
pub mod $4 {
    graph_docs_macro::generate! { docs: "$rel" }
}
RS
}
client "$work/client" bench-client "$shared/v1.0" v1
client "$work/beta" bench-beta "$shared/beta" beta
client "$work/beta-noinc" bench-beta-noinc "$shared/beta" beta "[profile.dev.package.bench-beta-noinc]
incremental = false"

mkdir -p "$work/baseline/src"
cat > "$work/baseline/Cargo.toml" <<TOML
[package]
name = "bench-baseline"
version = "0.0.0"
edition = "2021"
publish = false
[dependencies]
graph-rs-sdk = { version = "=3.0.1", default-features = false, features = ["rustls-tls"] }
[workspace]
TOML
echo "//! graph-rs-sdk baseline." > "$work/baseline/src/lib.rs"
echo "pub use graph_rs_sdk;" >> "$work/baseline/src/lib.rs"
sdk_manifest="$(cd "$work/baseline" && cargo metadata -q --format-version 1 | python3 -c '
import json, sys
print(next(p["manifest_path"] for p in json.load(sys.stdin)["packages"] if p["name"] == "graph-rs-sdk"))')"
rm -rf "$work/graph-rs-sdk-src" && cp -r "$(dirname "$sdk_manifest")" "$work/graph-rs-sdk-src"
mkdir -p "$work/baseline-inc/src"
sed -e 's/^name = "bench-baseline"/name = "bench-baseline-inc"/' \
    -e 's|graph-rs-sdk = { version = "=3.0.1",|graph-rs-sdk = { path = "../graph-rs-sdk-src",|' \
    "$work/baseline/Cargo.toml" > "$work/baseline-inc/Cargo.toml"
cp "$work/baseline/src/lib.rs" "$work/baseline-inc/src/lib.rs"
cp "$work/baseline/Cargo.lock" "$work/baseline-inc/Cargo.lock"

echo "== building dependencies (not measured)"
(cd "$work/client" && cargo build -q && cargo check -q)
(cd "$work/beta" && cargo build -q && cargo check -q)
(cd "$work/beta-noinc" && cargo build -q)
(cd "$work/baseline" && cargo build -q && cargo check -q)
(cd "$work/baseline-inc" && cargo build -q 2>/dev/null)

# best of 3: "seconds peak-kB" for `cargo <cmd>` after removing the measured crate's artifacts
measure() { # dir cmd package
    local best="" peak=""
    for _ in $(seq "${BENCH_RUNS:-3}"); do
        if [ "$3" = graph-rs-sdk ]; then (cd "$1" && cargo clean -q -p "$3" >/dev/null 2>&1 || true); fi
        rm -rf "$CARGO_TARGET_DIR"/debug/incremental/"${3//-/_}"-*
        touch "$1/src/lib.rs"
        local start end rss
        start=$(date +%s.%N)
        rss=$(cd "$1" && /usr/bin/time -f '%M' cargo "$2" -q 2>&1 >/dev/null | tail -1)
        end=$(date +%s.%N)
        local t
        t=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
        if [ -z "$best" ] || awk -v t="$t" -v b="$best" 'BEGIN { exit !(t < b) }'; then best=$t; peak=$rss; fi
    done
    echo "$best $peak"
}

echo "== macro expansion alone (dev profile, in-process)"
for folder in v1.0 beta; do
    (cd "$root" && cargo bench -q -p graph-docs-codegen --bench expansion --profile dev -- "$shared/$folder" 2>/dev/null)
done

echo "== measuring (best of ${BENCH_RUNS:-3})"
read -r v1_check _ <<<"$(measure "$work/client" check bench-client)"
read -r v1_build v1_peak <<<"$(measure "$work/client" build bench-client)"
read -r beta_check _ <<<"$(measure "$work/beta" check bench-beta)"
read -r beta_build beta_peak <<<"$(measure "$work/beta" build bench-beta)"
read -r noinc_build noinc_peak <<<"$(measure "$work/beta-noinc" build bench-beta-noinc)"
read -r base_check _ <<<"$(measure "$work/baseline" check graph-rs-sdk)"
read -r base_build base_peak <<<"$(measure "$work/baseline" build graph-rs-sdk)"
read -r base_inc_build base_inc_peak <<<"$(measure "$work/baseline-inc" build graph-rs-sdk)"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
gb() { awk -v k="$1" 'BEGIN { printf "%.2f", k / 1048576 }'; }
printf '%-42s %8s %8s %12s\n' "" "check" "build" "build peak"
printf '%-42s %7.2fs %7.2fs %9s GB\n' "generated v1.0 client (expansion incl.)" "$v1_check" "$v1_build" "$(gb "$v1_peak")"
printf '%-42s %7.2fs %7.2fs %9s GB\n' "generated beta client (expansion incl.)" "$beta_check" "$beta_build" "$(gb "$beta_peak")"
printf '%-42s %8s %7.2fs %9s GB\n' "  the same, incremental off" "" "$noinc_build" "$(gb "$noinc_peak")"
printf '%-42s %7.2fs %7.2fs %9s GB\n' "graph-rs-sdk 3.0.1 crate" "$base_check" "$base_build" "$(gb "$base_peak")"
printf '%-42s %8s %7.2fs %9s GB\n' "  the same as a path dependency (incremental)" "" "$base_inc_build" "$(gb "$base_inc_peak")"
printf 'ratio v1.0 / graph-rs-sdk: check %sx, build %sx (must <= 1.5x)\n' \
    "$(ratio "$v1_check" "$base_check")" "$(ratio "$v1_build" "$base_build")"
printf 'ratio beta / graph-rs-sdk: check %sx, build %sx (must <= 2.0x); beta build peak %s GB (must < 1.5 GB)\n' \
    "$(ratio "$beta_check" "$base_check")" "$(ratio "$beta_build" "$base_build")" "$(gb "$beta_peak")"
printf 'ratio beta, incremental off as graph-rs-sdk is built / graph-rs-sdk: build %sx; peak %s GB\n' \
    "$(ratio "$noinc_build" "$base_build")" "$(gb "$noinc_peak")"
printf 'ratio beta / graph-rs-sdk as a path dependency, both with incremental state: build %sx\n' \
    "$(ratio "$beta_build" "$base_inc_build")"
