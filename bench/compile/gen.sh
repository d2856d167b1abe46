#!/usr/bin/env bash
# Writes a consumer crate of stytch-endpoints with N declared endpoints, each
# with three required fields and a three-member `one_of` group, and a use of
# every builder (so the typestate is type-checked, not only declared).
#
#   bench/compile/gen.sh N OUT_DIR
#
# Std tools only (bash, printf). The crate depends on this checkout's
# stytch-endpoints by path.
set -euo pipefail
n=${1:?usage: gen.sh N OUT_DIR}
out=${2:?usage: gen.sh N OUT_DIR}
repo=$(cd "$(dirname "$0")/../.." && pwd)

mkdir -p "$out/src"
cat > "$out/Cargo.toml" <<TOML
[package]
name = "stytch-gen-$n"
version = "0.0.0"
edition = "2024"
publish = false

[workspace]

[dependencies]
stytch-endpoints = { path = "$repo/endpoints" }
serde = { version = "1", features = ["derive"] }
TOML

{
    printf '//! %s generated endpoints.\n\n' "$n"
    printf 'use stytch_endpoints::{endpoint, one_of};\n\n'
    printf '#[derive(serde::Deserialize, Debug)]\npub struct Out {\n    pub request_id: String,\n}\n\n'
    for ((i = 0; i < n; i++)); do
        cat <<RS
#[endpoint(POST "/v1/generated/e$i/{f1}", response = Out)]
#[one_of(a, b, c, name = who)]
pub struct E$i {
    f1: String,
    f2: String,
    f3: u32,
    a: Option<String>,
    b: Option<String>,
    c: Option<String>,
}

RS
    done
    printf 'pub fn build_all() -> usize {\n    let mut n = 0;\n'
    for ((i = 0; i < n; i++)); do
        printf '    n += E%d::builder().f1("x").f2("y").f3(3u32).b("z").build().f2().len();\n' "$i"
    done
    printf '    n\n}\n'
} > "$out/src/lib.rs"
