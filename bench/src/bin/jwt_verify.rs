//! `cargo run --release -p stytch-bench --bin jwt_verify`: session-JWT
//! verifications per second on one thread, ours against one bare RS256
//! verification with ring.
//!
//! The token is Stytch-shaped: minted by `stytch-local` for a user logged in
//! by one-time passcode, with one custom claim. "ours" is
//! `JwtVerifier::authenticate_local` with the keys already cached: parsing,
//! the header rules, the key lookup, the signature, the claim rules and the
//! `Session` it returns. "raw" is `RsaPublicKeyComponents::verify` over the
//! same signing input and signature with the same key: the cryptography
//! alone, which ring does the same way for both (it parses the modulus for
//! every verification either way). The two run interleaved, in rounds, and
//! the median of each is reported with their ratio (target: at least 0.9).
//!
//! Options: `--rounds N` (default 9), `--millis N` per contender per round
//! (default 300).

use std::hint::black_box;
use std::time::{Duration, Instant};

use ring::signature::{RSA_PKCS1_2048_8192_SHA256, RsaPublicKeyComponents};
use stytch_endpoints::runtime::jwt::base64url_decode;
use stytch_endpoints::sessions::{self, JwtVerifier};
use stytch_endpoints::{otps, users};
use stytch_local::{LocalServer, OTP_TEST_CODE};

fn main() {
    if let Err(e) = run() {
        eprintln!("jwt_verify: {e}");
        std::process::exit(1);
    }
}

fn arg(name: &str, default: u64) -> Result<u64, String> {
    let args: Vec<String> = std::env::args().collect();
    match args.iter().position(|a| a == name) {
        Some(i) => args
            .get(i + 1)
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| format!("{name} takes a number")),
        None => Ok(default),
    }
}

fn run() -> Result<(), String> {
    let rounds = arg("--rounds", 9)?;
    let per = Duration::from_millis(arg("--millis", 300)?);

    let server = LocalServer::start().map_err(|e| e.to_string())?;
    let client = server.client();
    let user = users::Create::builder()
        .phone_number("+15555550100")
        .send(&client)
        .map_err(|e| e.to_string())?;
    let login = otps::Authenticate::builder()
        .method_id(&user.phone_id)
        .code(OTP_TEST_CODE)
        .session_duration_minutes(60u32)
        .send(&client)
        .map_err(|e| e.to_string())?;
    let mut claims = serde_json::Map::new();
    claims.insert("team".into(), "blue".into());
    let answer = sessions::Authenticate::builder()
        .session_jwt(login.session_jwt.expose())
        .session_custom_claims(claims)
        .send(&client)
        .map_err(|e| e.to_string())?;
    let token = answer.session_jwt.expose().to_owned();

    let verifier = JwtVerifier::new(&client);
    // Fetches the keys once; every later verification uses the cache.
    verifier
        .authenticate_local(&token)
        .map_err(|e| e.to_string())?;

    let jwk = stytch_local::keys::jwk();
    let n = base64url_decode(jwk.n.as_bytes()).map_err(|_| "bad n")?;
    let e = base64url_decode(jwk.e.as_bytes()).map_err(|_| "bad e")?;
    let (signed, signature) = token.rsplit_once('.').ok_or("no signature")?;
    let signature = base64url_decode(signature.as_bytes()).map_err(|_| "bad signature")?;
    let key = RsaPublicKeyComponents {
        n: &n[..],
        e: &e[..],
    };
    key.verify(&RSA_PKCS1_2048_8192_SHA256, signed.as_bytes(), &signature)
        .map_err(|_| "the raw check refuses the token")?;

    println!(
        "token: {} bytes, {} factor(s), 1 custom claim; {rounds} rounds of {} ms each",
        token.len(),
        answer.session.authentication_factors.len(),
        per.as_millis()
    );
    let mut ours = Vec::new();
    let mut raw = Vec::new();
    for round in 0..rounds {
        let run_ours = || {
            rate(per, || {
                black_box(verifier.authenticate_local(black_box(&token)).is_ok());
            })
        };
        let run_raw = || {
            rate(per, || {
                black_box(
                    key.verify(
                        &RSA_PKCS1_2048_8192_SHA256,
                        black_box(signed.as_bytes()),
                        black_box(&signature),
                    )
                    .is_ok(),
                );
            })
        };
        // Alternate which goes first.
        if round % 2 == 0 {
            ours.push(run_ours());
            raw.push(run_raw());
        } else {
            raw.push(run_raw());
            ours.push(run_ours());
        }
    }
    let ratios: Vec<f64> = ours.iter().zip(&raw).map(|(o, r)| o / r).collect();
    let (o, r) = (median(ours), median(raw));
    println!("ours (authenticate_local): {o:>9.0} verifications/s");
    println!("raw  (ring RS256 verify):  {r:>9.0} verifications/s");
    println!(
        "ours / raw: {:.3} (ratio of medians), {:.3} (median of per-round ratios); target >= 0.9",
        o / r,
        median(ratios)
    );
    Ok(())
}

/// Calls per second of `f`, run for about `per`.
fn rate(per: Duration, mut f: impl FnMut()) -> f64 {
    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed() < per {
        for _ in 0..16 {
            f();
        }
        n += 16;
    }
    n as f64 / start.elapsed().as_secs_f64()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}
