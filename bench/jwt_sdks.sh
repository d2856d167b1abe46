#!/usr/bin/env bash
# Session-JWT local checks per second: ours (jwt_verify, one thread) against
# the official Python and Node SDKs' local checks, on tokens minted by a
# stytch-local started here (port 0) and stopped at the end.
#
#   bench/jwt_sdks.sh            # N=2000 SDK verifications, ours: 5 rounds of 300 ms
#
# Environment:
#   PYTHON     a Python with `stytch` installed (default ../venv-stytch/bin/python)
#   NODE_STYTCH  a folder whose node_modules has `stytch` (default ../node-stytch)
#   N          verifications per SDK run (default 2000)
#   TARGET     cargo target dir with release builds of jwt_verify and stytch-local
#              (built here if missing; default target/)
# Each SDK is skipped when absent. The SDKs run N untimed verifications
# (warm-up: JWKS fetch, V8's JIT), then N timed, one after another on one
# thread, as our figure does.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PYTHON=${PYTHON:-$ROOT/../venv-stytch/bin/python}
NODE_STYTCH=${NODE_STYTCH:-$ROOT/../node-stytch}
N=${N:-2000}
TARGET=${TARGET:-${CARGO_TARGET_DIR:-$ROOT/target}}

if [[ ! -x $TARGET/release/jwt_verify || ! -x $TARGET/release/stytch-local ]]; then
  CARGO_TARGET_DIR=$TARGET cargo build --release -p stytch-bench --bin jwt_verify \
    -p stytch-local --bin stytch-local
fi

LOG=$(mktemp)
"$TARGET/release/stytch-local" --port 0 >"$LOG" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -f "$LOG"' EXIT
BASE=
for _ in $(seq 100); do
  BASE=$(sed -n 's/^stytch-local listening on //p' "$LOG")
  [[ -n $BASE ]] && break
  sleep 0.05
done
[[ -n $BASE ]] || { echo "stytch-local did not start" >&2; cat "$LOG" >&2; exit 1; }
echo "stytch-local at $BASE"

ours_rate() {
  "$TARGET/release/jwt_verify" --rounds 5 --millis 300 |
    sed -n 's/^ours (authenticate_local): *\([0-9]*\).*/\1/p'
}
# Ours before and after the SDKs (the machine's load moves); the ratios use
# the mean of the two.
ours_before=$(ours_rate)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }

py=
nd=
if [[ -x $PYTHON ]] && "$PYTHON" -c 'import stytch' 2>/dev/null; then
  version=$("$PYTHON" -c 'import stytch.version as v; print(v.__version__)')
  read -r _ py _ < <("$PYTHON" bench/sdks/py_jwt_local.py "$BASE" "$N")
  echo "python: $py verifications/s (stytch $version, sessions.authenticate_jwt_local, N=$N)"
else
  echo "python: skipped (no stytch in $PYTHON)"
fi

if command -v node >/dev/null && [[ -d $NODE_STYTCH/node_modules/stytch ]]; then
  version=$(node -p "require('$NODE_STYTCH/node_modules/stytch/package.json').version")
  read -r _ nd _ < <(NODE_PATH=$NODE_STYTCH/node_modules node bench/sdks/node_jwt_local.js "$BASE" "$N" 2>/dev/null)
  echo "node:   $nd verifications/s (stytch $version, sessions.authenticateJwtLocal, N=$N)"
else
  echo "node: skipped (no node, or no stytch in $NODE_STYTCH/node_modules)"
fi

ours_after=$(ours_rate)
ours=$(( (ours_before + ours_after) / 2 ))
echo "ours:   $ours verifications/s (JwtVerifier::authenticate_local; $ours_before before, $ours_after after)"
[[ -n $py ]] && echo "ours / python: $(ratio "$ours" "$py")"
[[ -n $nd ]] && echo "ours / node:   $(ratio "$ours" "$nd")"
exit 0
