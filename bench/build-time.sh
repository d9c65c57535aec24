#!/usr/bin/env bash
# Build-time benchmark (issue 3): the generated full-v1.0 client against graph-rs-sdk 3.0.1, in the same run.
#
# Builds two throwaway crates in a temp dir, sharing one target dir (dev profile, as users build):
#   - client:   graph_docs_macro::generate! { docs: <../shared/graph-docs-2020/v1.0> } under #![deny(warnings)]
#   - baseline: a crate depending on graph-rs-sdk =3.0.1 (fetched by cargo), rustls
# Dependencies are built first; then each measured crate is rebuilt from scratch (its incremental state and
# artifacts removed), three times, and the best time is kept. Prints macro expansion time alone and peak memory
# (in-process, dev profile), check and build times of both, and the ratios.
#
# Usage: bench/build-time.sh            (needs network the first time, for graph-rs-sdk)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="$root/../shared/graph-docs-2020/v1.0"
if [ ! -d "$corpus" ]; then
    echo "SKIPPED: $corpus not found (the benchmark needs ../shared/graph-docs-2020/v1.0)"
    exit 0
fi
corpus="$(cd "$corpus" && pwd)"
work="${BENCH_DIR:-$(mktemp -d)}"
export CARGO_TARGET_DIR="${BENCH_TARGET_DIR:-$work/target}"
mkdir -p "$work/client/src" "$work/baseline/src"

cat > "$work/client/Cargo.toml" <<TOML
[package]
name = "bench-client"
version = "0.0.0"
edition = "2021"
publish = false
[dependencies]
graph-docs-macro = { path = "$root/graph-docs-macro" }
graph-runtime = { path = "$root/graph-runtime" }
[workspace]
TOML
rel="$(python3 -c "import os,sys; print(os.path.relpath(sys.argv[1], sys.argv[2]))" "$corpus" "$work/client")"
cat > "$work/client/src/lib.rs" <<RS
//! The generated v1.0 client.
#![deny(warnings)]
/// Microsoft Graph v1.0.
#[allow(deprecated)]
pub mod v1 {
    graph_docs_macro::generate! { docs: "$rel" }
}
RS

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

echo "== building dependencies (not measured)"
(cd "$work/client" && cargo build -q && cargo check -q)
(cd "$work/baseline" && cargo build -q && cargo check -q)

# best of 3: seconds for `cargo <cmd>` after removing the measured crate's artifacts
measure() { # dir cmd package
    local best=""
    for _ in 1 2 3; do
        if [ "$3" = graph-rs-sdk ]; then (cd "$1" && cargo clean -q -p "$3" >/dev/null 2>&1 || true); fi
        rm -rf "$CARGO_TARGET_DIR"/debug/incremental/"${3//-/_}"-*
        touch "$1/src/lib.rs"
        local start end
        start=$(date +%s.%N)
        (cd "$1" && cargo "$2" -q)
        end=$(date +%s.%N)
        local t
        t=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
        if [ -z "$best" ] || awk -v t="$t" -v b="$best" 'BEGIN { exit !(t < b) }'; then best=$t; fi
    done
    echo "$best"
}

echo "== macro expansion alone (dev profile, in-process)"
expansion_out=$(cd "$root" && cargo bench -q -p graph-docs-codegen --bench expansion --profile dev -- "$corpus" 2>/dev/null)
echo "$expansion_out"

echo "== measuring (best of 3)"
client_check=$(measure "$work/client" check bench-client)
client_build=$(measure "$work/client" build bench-client)
base_check=$(measure "$work/baseline" check graph-rs-sdk)
base_build=$(measure "$work/baseline" build graph-rs-sdk)

printf '%-40s %8s %8s\n' "" "check" "build"
printf '%-40s %7.2fs %7.2fs\n' "generated v1.0 client (expansion incl.)" "$client_check" "$client_build"
printf '%-40s %7.2fs %7.2fs\n' "graph-rs-sdk 3.0.1 crate" "$base_check" "$base_build"
printf 'ratio (client / graph-rs-sdk): check %.2fx, build %.2fx (must <= 1.5x, aim <= 1.0x)\n' \
    "$(awk -v a="$client_check" -v b="$base_check" 'BEGIN { print a / b }')" \
    "$(awk -v a="$client_build" -v b="$base_build" 'BEGIN { print a / b }')"
