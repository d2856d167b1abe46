#!/usr/bin/env bash
# Mutation testing with cargo-mutants (https://mutants.rs): the runtime's
# retry, base URL, encoding, answer, client, paging, JWT and proxy code, and
# the local server's HTTP framing. Not part of CI: every mutant is a
# rebuild, so a full run takes hours on two cores.
#
#   scripts/mutants.sh                    retry base_url encode response client paging,
#                                         the workspace's tests
#   scripts/mutants.sh retry base_url     only these files (names in runtime/src/)
#   scripts/mutants.sh jwt/claims proxy   files in subfolders too (runtime/src/jwt/claims.rs)
#   scripts/mutants.sh jwt                every file of runtime/src/jwt/
#   MUTANTS_TESTS=runtime scripts/mutants.sh retry
#                                         only stytch-runtime's own tests (much faster;
#                                         shows what `cargo test -p stytch-runtime` catches)
#   MUTANTS_TESTS=local scripts/mutants.sh
#                                         the local server's HTTP framing (local/src/http.rs
#                                         and local/src/http/body.rs) with stytch-local's
#                                         own tests; names are then taken in local/src/
#                                         (`MUTANTS_TESTS=local scripts/mutants.sh http/body`)
#   MUTANTS_TESTS=endpoints scripts/mutants.sh sessions/jwt/fast
#                                         a file of stytch-endpoints (names taken in
#                                         endpoints/src/) with that crate's own unit tests
#                                         (`cargo test -p stytch-endpoints --lib`)
#   MUTANTS_TESTS=macros scripts/mutants.sh
#                                         the macro's rules (macros/src/check.rs) with the
#                                         trybuild tests: `cargo test -p stytch-tests --test ui
#                                         --test ui_rules`; names are then taken in macros/src/.
#                                         Slow (each mutant rebuilds stytch-endpoints twice:
#                                         once for the tests crate, once in trybuild's project);
#                                         a mutant that makes the macro refuse the workspace's
#                                         own declarations fails the build and is reported as
#                                         unviable
#
# Results: <target>/mutants/<tests>/<file>/mutants.out/ (caught.txt, missed.txt,
# timeout.txt, unviable.txt, outcomes.json), <target> being $CARGO_TARGET_DIR
# or ./target. A missed mutant is either a test to write or an entry in
# scripts/mutants-survivors.md saying why it is equivalent or accepted.
#
# Tests: with MUTANTS_TESTS=workspace (the default) every test of the
# workspace runs except the trybuild suite (tests/tests/ui.rs: compile-fail
# messages, which no runtime mutant can change, and slow). Other settings:
#   MUTANTS_JOBS     parallel builds (default 1)
#   MUTANTS_TIMEOUT  seconds a test run may take before the mutant counts as
#                    a timeout (default 180: the slowest fault tests wait
#                    seconds on purpose, and a mutant that breaks a bound
#                    makes them wait much longer)
#   MUTANTS_ARGS     more cargo-mutants arguments, split on spaces: for
#                    example `--iterate` (test again only what the last run
#                    into the same output folder did not catch, after adding
#                    tests) or `--re REGEX` (a subset, to split a long run)
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo-mutants >/dev/null 2>&1; then
    echo "== installing cargo-mutants"
    cargo install cargo-mutants --locked
fi

tests=${MUTANTS_TESTS:-workspace}
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
    if [ "$tests" = local ]; then
        files=(http http/body)
    elif [ "$tests" = macros ]; then
        files=(check)
    elif [ "$tests" = endpoints ]; then
        files=(sessions/jwt/fast)
    else
        files=(retry base_url encode response client paging)
    fi
fi
# `jwt` stands for every file of the JWT module.
expanded=()
for name in "${files[@]}"; do
    if [ "$tests" != local ] && [ "$tests" != macros ] && [ "$tests" != endpoints ] &&
        [ "${name%/}" = jwt ]; then
        expanded+=(jwt/base64url jwt/claims jwt/error jwt/jwks jwt/mod)
    else
        expanded+=("$name")
    fi
done
files=("${expanded[@]}")
jobs=${MUTANTS_JOBS:-1}
read -r -a extra <<<"${MUTANTS_ARGS:-}"
timeout=${MUTANTS_TIMEOUT:-180}
target=${CARGO_TARGET_DIR:-target}
case "$target" in /*) ;; *) target="$PWD/$target" ;; esac

case "$tests" in
    workspace) scope=(--test-workspace=true) ;;
    runtime) scope=(--test-package stytch-runtime) ;;
    local) scope=(--test-package stytch-local) ;;
    endpoints) scope=(--test-package stytch-endpoints) ;;
    # cargo-mutants 27 runs its unmutated baseline with the mutated
    # package's tests only (`--package stytch-macros`), where `--test ui`
    # does not exist, so that baseline always fails; the mutants themselves
    # do run in `stytch-tests`. The baseline is skipped: `.ci/run` already
    # shows that the trybuild tests pass on the unmutated tree.
    macros) scope=(--test-package stytch-tests --baseline skip) ;;
    *)
        echo "MUTANTS_TESTS must be workspace, runtime, local, endpoints or macros, not $tests" >&2
        exit 2
        ;;
esac

# What cargo test runs for each mutant: everything but the trybuild suite,
# or only the trybuild suite and the check that every macro error has a case.
test_args=(-- --skip ui --exact)
if [ "$tests" = local ]; then
    crate=local
    package=stytch-local
elif [ "$tests" = endpoints ]; then
    crate=endpoints
    package=stytch-endpoints
    test_args=(--lib)
elif [ "$tests" = macros ]; then
    crate=macros
    package=stytch-macros
    test_args=(--test ui --test ui_rules)
else
    crate=runtime
    package=stytch-runtime
fi

for name in "${files[@]}"; do
    file="$crate/src/${name%.rs}.rs"
    if [ ! -f "$file" ]; then
        echo "no such file: $file" >&2
        exit 2
    fi
    out="$target/mutants/$tests/${name%.rs}"
    mkdir -p "$out"
    echo "== $file ($tests tests) -> $out/mutants.out"
    # cargo-mutants exits non-zero when a mutant survives: go on to the next
    # file and let the summary below tell.
    cargo mutants \
        --package "$package" \
        --file "$file" \
        "${scope[@]}" \
        --jobs "$jobs" \
        --timeout "$timeout" \
        --build-timeout 900 \
        --output "$out" \
        --no-shuffle \
        ${extra[@]+"${extra[@]}"} \
        -- "${test_args[@]}" ||
        true
done

echo "== summary (caught / missed / timeout / unviable)"
for name in "${files[@]}"; do
    dir="$target/mutants/$tests/${name%.rs}/mutants.out"
    count() { if [ -f "$dir/$1.txt" ]; then grep -c . "$dir/$1.txt" || true; else echo -; fi; }
    printf '%-14s %4s %4s %4s %4s\n' "$name" "$(count caught)" "$(count missed)" \
        "$(count timeout)" "$(count unviable)"
done
