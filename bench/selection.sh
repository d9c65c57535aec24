#!/usr/bin/env bash
# Selection benchmark (issue 11): a typed client of the 25 API pages an app calls (users, mail send and list, drive
# item upload and download, groups, calendar events; the list of tests/selection) from the whole v1.0 reference,
# against graph-rs-sdk 3.0.1's crate, in the same run. Prints:
#   1. expansion alone, in ms (wall and CPU), with an optimised and a debug-built macro, from v1.0 (2,460 pages)
#      and beta (6,216 pages), and the full v1.0 folder for comparison;
#   2. building the 25-operation client from scratch (its dependencies built first, not measured; its own
#      artifacts removed) against building graph-rs-sdk's crate the same way: best of 3 (target <= 0.1x); and,
#      for information, the same client with an app that awaits three typed calls, and the same app crate without
#      the client (graph-runtime alone: what any app pays, whatever it generates);
#   3. the edit loop: a one-line edit to an app function in the crate that holds the selection, then
#      `cargo build`, with a debug-built and an optimised macro (target < 1 s); and for the full folder, the
#      README's layout (the client in its own workspace crate, the app in another): the same edit in the app
#      crate (target < 1 s). Best of 3.
# All crates are libraries built in the dev profile, as users build, sharing one target directory.
#
# Usage: bench/selection.sh            (needs network the first time, for graph-rs-sdk)
#        BENCH_RUNS=2 bench/selection.sh   (fewer runs per measurement; BENCH_DIR, BENCH_TARGET_DIR: where to build)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
v1="$root/../shared/graph-docs-2020/v1.0"
beta="$root/../shared/graph-docs-2020/beta"
if [ ! -d "$v1" ] || [ ! -d "$beta" ]; then
    echo "SKIPPED: ../shared/graph-docs-2020/{v1.0,beta} not found (the benchmark needs them)"
    exit 0
fi
v1="$(cd "$v1" && pwd)"
beta="$(cd "$beta" && pwd)"
work="${BENCH_DIR:-$(mktemp -d)}"
export CARGO_TARGET_DIR="${BENCH_TARGET_DIR:-$work/target}"

pages=(user-get user-list user-update user-post-users user-delete
    user-sendmail user-list-messages message-get message-delete mailfolder-list-messages
    driveitem-put-content driveitem-get-content driveitem-createuploadsession driveitem-list-children driveitem-get
    group-list group-get group-post-groups group-list-members group-post-members
    user-list-events user-post-events event-get event-update event-delete)
include="include: [$(printf '"api/%s.md", ' "${pages[@]}")]"
relpath() { python3 -c "import os,sys; print(os.path.relpath(sys.argv[1], sys.argv[2]))" "$1" "$2"; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }

# crate DIR NAME DEPS SOURCE [PROFILE]: a throwaway library crate with its own [workspace].
crate() {
    mkdir -p "$1/src"
    printf '[package]\nname = "%s"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n[dependencies]\n%s\n[workspace]\n%s\n' \
        "$2" "$3" "${5:-}" > "$1/Cargo.toml"
    printf '%s\n' "$4" > "$1/src/lib.rs"
}
runtime_dep="graph-docs-macro = { path = \"$root/graph-docs-macro\" }
graph-runtime = { path = \"$root/graph-runtime\" }"
optimised_macro='[profile.dev.build-override]
opt-level = 3'
app_source() { # docs-path generate-options
    cat <<RS
//! An app and its client.
#![deny(warnings)]
/// The client.
#[allow(deprecated)]
pub mod graph {
    graph_docs_macro::generate! { docs: "$1"$2 }
}
/// An app function: the benchmark's one-line edit changes its number.
pub fn app(client: &graph_runtime::Client) -> usize {
    let _request = graph::user::get(client, "adele");
    0 // EDIT
}
RS
}

crate "$work/app-debug" bench-app-debug "$runtime_dep" "$(app_source "$(relpath "$v1" "$work/app-debug")" ", $include")"
crate "$work/app-opt" bench-app-opt "$runtime_dep" "$(app_source "$(relpath "$v1" "$work/app-opt")" ", $include")" "$optimised_macro"
# The same client with an app that awaits three typed calls: each response type's decoding is compiled in the app's
# crate (the runtime's model support is generic over the model), which the one-request app above does not show.
crate "$work/app-await" bench-app-await "$runtime_dep" "$(app_source "$(relpath "$v1" "$work/app-await")" ", $include" |
    sed '/^\/\/\/ An app function/,$d')
/// An app awaiting three typed calls.
pub async fn app(client: &graph_runtime::Client) -> Result<usize, graph_runtime::Error> {
    let user = graph::user::get(client, \"adele\").await?;
    let events = graph::user::list_events_user(client, \"adele\").await?;
    let message = graph::Message::default();
    let body = graph::user::SendmailUserBody { message, save_to_sent_items: None, additional: Default::default() };
    graph::user::sendmail_user(client, \"adele\", &body).await?;
    Ok(usize::from(user.display_name.is_some()) + events.value.len())
}" "$optimised_macro"
# The floor: the same app crate without the client (graph-runtime alone), so that the figure above it is what the
# client adds.
crate "$work/app-none" bench-app-none "graph-runtime = { path = \"$root/graph-runtime\" }" "//! An app without a client.
#![deny(warnings)]
/// An app function.
pub fn app(client: &graph_runtime::Client) -> usize {
    let _ = client;
    0
}" "$optimised_macro"
crate "$work/baseline" bench-baseline \
    'graph-rs-sdk = { version = "=3.0.1", default-features = false, features = ["rustls-tls"] }' \
    "//! graph-rs-sdk baseline.
pub use graph_rs_sdk;"
# The README's layout for a full folder: the client in its own crate of the workspace, the app in another.
mkdir -p "$work/full/client/src" "$work/full/app/src"
printf '[workspace]\nmembers = ["client", "app"]\nresolver = "2"\n%s\n' "$optimised_macro" > "$work/full/Cargo.toml"
printf '[package]\nname = "bench-full-client"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n[dependencies]\n%s\n' \
    "$runtime_dep" > "$work/full/client/Cargo.toml"
printf '//! The full v1.0 client.\n#![deny(warnings)]\n#[allow(deprecated)]\nmod generated {\n    graph_docs_macro::generate! { docs: "%s" }\n}\npub use generated::*;\n' \
    "$(relpath "$v1" "$work/full/client")" > "$work/full/client/src/lib.rs"
printf '[package]\nname = "bench-full-app"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n[dependencies]\nbench-full-client = { path = "../client" }\ngraph-runtime = { path = "%s/graph-runtime" }\n' \
    "$root" > "$work/full/app/Cargo.toml"
cat > "$work/full/app/src/lib.rs" <<'RS'
//! An app using the full client from its own crate.
#![deny(warnings)]
/// An app function: the benchmark's one-line edit changes its number.
pub fn app(client: &graph_runtime::Client) -> usize {
    let _request = bench_full_client::user::get(client, "adele");
    0 // EDIT
}
RS

echo "== building dependencies (not measured)"
for dir in app-debug app-opt app-await app-none baseline full; do (cd "$work/$dir" && cargo build -q); done

echo "== 1. expansion alone (in-process; wall time, and CPU time, which a busy machine does not inflate)"
# Each after one run that is not measured: it brings the folder's pages into the page cache, so that the figure is
# the macro's work, not the disk's (a cold first read of the beta folder took 1.8 s of wall time for 0.7 s of CPU).
expansion() { # profile-args folder options
    local run
    for run in warm measured; do
        (cd "$root" && cargo bench -q -p graph-docs-codegen --bench expansion "${@:1:$#-2}" -- "${@: -2:1}" "${@: -1}" 2>/dev/null | sed -n 1p)
    done | sed -n 2p
}
for profile in optimised debug; do
    args=(); [ "$profile" = debug ] && args=(--profile dev)
    printf '%-10s %-42s %s\n' "$profile" "25 pages of v1.0 (2,460 pages)" "$(expansion "${args[@]}" "$v1" "$include")"
    printf '%-10s %-42s %s\n' "$profile" "25 pages of beta (6,216 pages)" "$(expansion "${args[@]}" "$beta" "$include")"
    printf '%-10s %-42s %s\n' "$profile" "the whole v1.0 folder" "$(expansion "${args[@]}" "$v1" "")"
done

# best of $runs: seconds for `cargo build` in DIR, each run after `PREP RUN-NUMBER ARGS...` (not timed).
runs="${BENCH_RUNS:-3}"
best_of_runs() { # dir prep args...
    local best="" dir="$1" prep="$2"
    shift 2
    for i in $(seq "$runs"); do
        "$prep" "$i" "$@"
        local start end t
        start=$(date +%s.%N); (cd "$dir" && cargo build -q); end=$(date +%s.%N)
        t=$(seconds "$start" "$end")
        if [ -z "$best" ] || awk -v t="$t" -v b="$best" 'BEGIN { exit !(t < b) }'; then best=$t; fi
    done
    echo "$best"
}
# Removes a crate's own artifacts (graph-rs-sdk: `cargo clean -p`).
clean() { # run dir package
    if [ "$3" = graph-rs-sdk ]; then (cd "$2" && cargo clean -q -p "$3" >/dev/null 2>&1 || true); fi
    rm -rf "$CARGO_TARGET_DIR"/debug/incremental/"${3//-/_}"-* "$CARGO_TARGET_DIR"/debug/.fingerprint/"$3"-*
    touch "$2/src/lib.rs"
}
from_scratch() { best_of_runs "$1" clean "$1" "$2"; } # dir package
# The one-line edit: the app function's number changes.
edit() { sed -i "s|[0-9]* // EDIT|$1$RANDOM // EDIT|" "$2"; } # run file
edit_loop() { best_of_runs "$1" edit "$2"; } # dir file

echo "== 2. building from scratch (best of $runs)"
client=$(from_scratch "$work/app-debug" bench-app-debug)
client_opt=$(from_scratch "$work/app-opt" bench-app-opt)
client_await=$(from_scratch "$work/app-await" bench-app-await)
floor=$(from_scratch "$work/app-none" bench-app-none)
base=$(from_scratch "$work/baseline" graph-rs-sdk)
printf '%-58s %7.2fs  %.3fx\n' "25-page client, debug-built macro" "$client" "$(ratio "$client" "$base")"
printf '%-58s %7.2fs  %.3fx\n' "25-page client, optimised macro" "$client_opt" "$(ratio "$client_opt" "$base")"
printf '%-58s %7.2fs  %.3fx\n' "  the same, its app awaiting three typed calls" "$client_await" "$(ratio "$client_await" "$base")"
printf '%-58s %7.2fs  %.3fx\n' "the app crate without a client (graph-runtime alone)" "$floor" "$(ratio "$floor" "$base")"
printf '%-58s %7.2fs  1x\n' "graph-rs-sdk 3.0.1 crate" "$base"
echo "target: <= 0.1x graph-rs-sdk"

echo "== 3. edit loop: one-line edit of an app function, then cargo build (best of $runs)"
printf '%-58s %7.2fs\n' "25-page client in the app's crate, debug-built macro" "$(edit_loop "$work/app-debug" "$work/app-debug/src/lib.rs")"
printf '%-58s %7.2fs\n' "25-page client in the app's crate, optimised macro" "$(edit_loop "$work/app-opt" "$work/app-opt/src/lib.rs")"
printf '%-58s %7.2fs\n' "full v1.0 client in its own workspace crate" "$(edit_loop "$work/full" "$work/full/app/src/lib.rs")"
echo "target: < 1 s"
