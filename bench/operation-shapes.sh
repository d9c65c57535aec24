#!/usr/bin/env bash
# Operation-function shapes benchmark (issue 10): what one generated operation function's body costs the compiler,
# for the shapes the code generator has emitted, in the same run.
#
# Builds a throwaway crate of 8,000 operation functions (about the beta folder's 7,897), once per shape, with
# incremental state as cargo builds a workspace crate, and keeps the best of 3 of the compiler's CPU time:
#   - empty:     `loop {}` bodies (unused arguments allowed, so that no shape emits warnings), the functions' fixed
#                cost (signature, docs aside), subtracted from the others
#   - indexed:   `Request::new(client, spec(&OPERATIONS[n], path(.., &[Arg::Str(id)])))` through a local helper,
#                as the generator emitted it up to b319842 (`Request::to`)
#   - ids:       `Request::ids(client, &OPERATIONS, n, &[id])` in every function, as it emitted it up to 403f284
#   - helper:    `__request_ids_1(client, n, id)`, a call of a root helper that holds the `ids` call, as it emits
#                it now (the helper is private, generic and `#[inline(always)]`, one per argument count)
#   - indexed+json: the `indexed` body then `.with_json(body)`
#   - json:      `Request::json(client, &OPERATIONS, n, &[id], body)` in every function, up to 403f284
#   - helper+json: `__request_json_1(client, n, id, body)`, as it emits it now
# Prints each shape's body cost (CPU time above `empty`) and the ratios now/before.
#
# Usage: bench/operation-shapes.sh        (BENCH_DIR=... to keep the crate, BENCH_RUNS=1 for one build each)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${BENCH_DIR:-$(mktemp -d)}"
export CARGO_TARGET_DIR="${BENCH_TARGET_DIR:-$work/target}"
crate="$work/shapes"
mkdir -p "$crate/src"
cat > "$crate/Cargo.toml" <<TOML
[package]
name = "bench-shapes"
version = "0.0.0"
edition = "2021"
publish = false
[dependencies]
graph-runtime = { path = "$root/graph-runtime" }
[workspace]
TOML

# shape <name>: writes the crate's lib.rs for one shape
shape() {
    python3 - "$1" > "$crate/src/lib.rs" <<'PY'
import sys
shape = sys.argv[1]
R = "::graph_runtime"
print(f"""//! 8,000 operation functions of one shape.
#![allow(dead_code, unused_variables)]
/// A request body.
#[derive(Default, Clone)]
pub struct Body {{ pub name: Option<String>, pub additional: {R}::model::Additional }}
impl {R}::serde::Serialize for Body {{
    fn serialize<S: {R}::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {{ {R}::model::serialize(self, s) }}
}}
impl<'de> {R}::serde::Deserialize<'de> for Body {{
    fn deserialize<D: {R}::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {{ {R}::model::deserialize(d) }}
}}
impl {R}::model::Fields for Body {{
    fn member(&mut self, i: usize) -> {R}::model::Member<'_> {{
        {R}::model::Member::Field(match i {{
            0 => &mut self.name,
            _ => return {R}::model::Member::Additional(&{R}::model::Table {{ odata_type: "x.body", names: &["name"] }}, &mut self.additional),
        }})
    }}
    fn additional(&self) -> &{R}::model::Additional {{ &self.additional }}
}}
const P: {R}::Permissions = {R}::Permissions {{
    delegated_work: {R}::Scopes::Listed("A.Read"),
    delegated_personal: {R}::Scopes::NotSupported,
    application: {R}::Scopes::NotSupported,
}};
/// The operation table.
pub static OPERATIONS: [{R}::Operation; 1] = [{R}::Operation {{
    name: "get", method: {R}::Method::Get, path_template: "/x/{{id}}", path: "/x/{{0}}", source: "api/x.md:1", permissions: P,
}}];
/// The generator's helpers (see its `request` module).
#[inline(always)]
fn __request_ids_1<'a, T, O>(client: &'a {R}::Client, index: usize, id0: &str) -> {R}::builder::Request<'a, T, O> {{
    {R}::builder::Request::ids(client, &OPERATIONS, index, &[id0])
}}
#[inline(always)]
fn __request_json_1<'a, T, O, B: {R}::builder::JsonBody>(client: &'a {R}::Client, index: usize, id0: &str, body: &B) -> {R}::builder::Request<'a, T, O> {{
    {R}::builder::Request::json(client, &OPERATIONS, index, &[id0], body)
}}
/// The generator's former entry point.
fn to<'a, T, O>(client: &'a {R}::Client, op: &'static {R}::Operation, args: &[{R}::builder::Arg<'_>]) -> {R}::builder::Request<'a, T, O> {{
    {R}::builder::Request::new(client, {R}::builder::spec(op, {R}::builder::path(op.path, args)))
}}""")
bodies = {
    "empty": "loop {}",
    "indexed": f"to(client, &OPERATIONS[0usize], &[{R}::builder::Arg::Str(id)])",
    "ids": f"{R}::builder::Request::ids(client, &OPERATIONS, 0usize, &[id])",
    "helper": "__request_ids_1(client, 0usize, id)",
    "indexed+json": f"to(client, &OPERATIONS[0usize], &[{R}::builder::Arg::Str(id)]).with_json(body)",
    "json": f"{R}::builder::Request::json(client, &OPERATIONS, 0usize, &[id], body)",
    "helper+json": "__request_json_1(client, 0usize, id, body)",
}
body_param = ", body: &Body" if "json" in shape else ""
for i in range(8000):
    print(f"/// Operation {i}.\n#[inline(always)]\npub fn f{i}<'a>(client: &'a {R}::Client, id: &str{body_param}) -> {R}::builder::Request<'a, Body, ()> {{ {bodies[shape]} }}")
PY
}

# cpu <name>: best CPU time (user + sys) of building the crate from scratch with incremental state
cpu() {
    shape "$1"
    (cd "$crate" && cargo build -q)
    local best=""
    for _ in $(seq "${BENCH_RUNS:-3}"); do
        rm -rf "$CARGO_TARGET_DIR"/debug/incremental/bench_shapes-*
        touch "$crate/src/lib.rs"
        local t
        t=$(cd "$crate" && /usr/bin/time -f '%U %S' cargo build -q 2>&1 >/dev/null | tail -1 | awk '{ printf "%.2f", $1 + $2 }')
        if [ -z "$best" ] || awk -v t="$t" -v b="$best" 'BEGIN { exit !(t < b) }'; then best=$t; fi
    done
    echo "$best"
}

echo "== building (best of ${BENCH_RUNS:-3}, CPU seconds for 8,000 functions)"
empty=$(cpu empty)
indexed=$(cpu indexed)
ids=$(cpu ids)
helper=$(cpu helper)
indexed_json=$(cpu indexed+json)
json=$(cpu json)
helper_json=$(cpu helper+json)
body() { awk -v a="$1" -v e="$empty" 'BEGIN { printf "%.2f", a - e }'; }
ratio() { awk -v a="$1" -v b="$2" -v e="$empty" 'BEGIN { printf "%.2f", (a - e) / (b - e) }'; }
printf '%-14s %8s %12s\n' shape total "body cost"
for pair in "empty $empty" "indexed $indexed" "ids $ids" "helper $helper" "indexed+json $indexed_json" "json $json" \
    "helper+json $helper_json"; do
    set -- $pair
    printf '%-14s %7.2fs %11.2fs\n' "$1" "$2" "$(body "$2")"
done
printf 'ratio ids / indexed (body cost): %sx\n' "$(ratio "$ids" "$indexed")"
printf 'ratio json / indexed+json (body cost): %sx\n' "$(ratio "$json" "$indexed_json")"
printf 'ratio helper / ids (body cost, now / 403f284): %sx\n' "$(ratio "$helper" "$ids")"
printf 'ratio helper+json / json (body cost, now / 403f284): %sx\n' "$(ratio "$helper_json" "$json")"
