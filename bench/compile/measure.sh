#!/usr/bin/env bash
# Compile-time figures of BENCHMARKS.md.
#
#   bench/compile/measure.sh scaling   # N = 50, 100, 200 endpoints
#   bench/compile/measure.sh hello     # clean builds + binary sizes, ours vs official
#
# Everything is built under $WORK (default /tmp/stytch-compile), never in the
# repository's target directory. Downloads happen before any timing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
WORK=${WORK:-/tmp/stytch-compile}
REPEAT=${REPEAT:-3}
mkdir -p "$WORK"

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

scaling() {
    local target="$WORK/scaling-target"
    export CARGO_INCREMENTAL=0
    echo "crate build with dependencies built (dev profile, CARGO_INCREMENTAL=0, median of $REPEAT)"
    printf '%6s %10s %14s\n' N seconds s/endpoint
    for n in 50 100 200; do
        local dir="$WORK/gen-$n"
        "$here/gen.sh" "$n" "$dir"
        # First build: dependencies (shared between the N) and a warm cache.
        CARGO_TARGET_DIR="$target" cargo build -q --manifest-path "$dir/Cargo.toml"
        local times=()
        for ((r = 0; r < REPEAT; r++)); do
            touch "$dir/src/lib.rs"
            local t0; t0=$(now)
            CARGO_TARGET_DIR="$target" cargo build -q --manifest-path "$dir/Cargo.toml"
            times+=("$(secs "$t0" "$(now)")")
        done
        local med; med=$(printf '%s\n' "${times[@]}" | median)
        printf '%6s %10s %14s   (runs: %s)\n' "$n" "$med" \
            "$(awk -v t="$med" -v n="$n" 'BEGIN { printf "%.4f", t / n }')" "${times[*]}"
    done
}

hello() {
    for kind in ours official; do
        cargo fetch -q --manifest-path "$here/hello-$kind/Cargo.toml"
    done
    echo "clean builds (cargo build, default jobs), $REPEAT rounds; in each round both"
    echo "crates are built back to back, the one built first alternating"
    for profile in dev release; do
        local flag=""
        [ "$profile" = release ] && flag="--release"
        local ours=() official=()
        for ((r = 0; r < REPEAT; r++)); do
            local order="ours official"
            ((r % 2 == 1)) && order="official ours"
            for kind in $order; do
                local target="$WORK/hello-$kind-$profile"
                rm -rf "$target"
                local t0; t0=$(now)
                CARGO_TARGET_DIR="$target" cargo build -q $flag --offline --manifest-path "$here/hello-$kind/Cargo.toml"
                local t; t=$(secs "$t0" "$(now)")
                printf '%-8s round %d  %-9s %8s s\n' "$profile" "$((r + 1))" "$kind" "$t"
                if [ "$kind" = ours ]; then ours+=("$t"); else official+=("$t"); fi
            done
        done
        local mo; mo=$(printf '%s\n' "${ours[@]}" | median)
        local mf; mf=$(printf '%s\n' "${official[@]}" | median)
        printf '%-8s median: ours %s s, official %s s, ours/official %s\n' "$profile" "$mo" "$mf" \
            "$(awk -v a="$mo" -v b="$mf" 'BEGIN { printf "%.3f", a / b }')"
    done
    for kind in ours official; do
        local crates; crates=$(cargo tree -q --offline --manifest-path "$here/hello-$kind/Cargo.toml" -e normal,build --prefix none | sed 's/ (\*)//' | sort -u | wc -l)
        printf '%-9s %4s crates in the tree\n' "$kind" "$crates"
    done
    echo "release binary sizes (bytes): as built, and stripped"
    for kind in ours official; do
        local bin="$WORK/hello-$kind-release/release/hello-$kind"
        strip -o "$bin.stripped" "$bin"
        printf '%-9s %10s %10s\n' "$kind" "$(stat -c %s "$bin")" "$(stat -c %s "$bin.stripped")"
    done
}

case "${1:-}" in
    scaling) scaling ;;
    hello) hello ;;
    *) echo "usage: $0 scaling|hello" >&2; exit 2 ;;
esac
