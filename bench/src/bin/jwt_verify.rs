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
//! Options: `--rounds N` (default 201), `--millis N` per contender per round
//! (default 10). Many short rounds: the speed of a shared VM drifts over
//! seconds (the raw rate alone moves between 25,000 and 40,000 checks per
//! second), so a ratio is only meaningful between runs a few milliseconds
//! apart; with 300 ms rounds the same binary gave 0.75 to 1.04 from one run
//! to the next, with 10 ms rounds 0.90 to 0.92.
//!
//! `--floors` adds three contenders that show how close any reader of the
//! claims could come to raw: the raw check plus the payload's base64url
//! decoding and (1) serde_json skipping the whole payload (`IgnoredAny`:
//! parsed, nothing kept, nothing allocated), (2) the same plus 20 short
//! strings copied out of it (about the allocations of a session with one
//! factor), (3) serde_json reading the payload into a `serde_json::Value`.
//! Each is printed as a ratio to raw, like ours.
//!
//! `--threads N` measures scaling instead: throughput with 1, 2 and N
//! threads verifying on clones of one verifier (one client, one key cache),
//! and, in the N-thread run, a refresh of the keys in the middle. The
//! verifiers' monotonic clock jumps past the keys' 5 minutes, so the next
//! verification that sees the stale keys fetches them again, from a JWKS
//! route that takes `--refresh-ms` (default 200) to answer. The program
//! counts the verifications completed during that fetch and those that
//! lasted as long as the fetch (only the one that does the fetch should).
//! `--millis` is then the length of each run (default 1500).

use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Barrier, Mutex};
use std::time::{Duration, Instant, SystemTime};

use ring::signature::{RSA_PKCS1_2048_8192_SHA256, RsaPublicKeyComponents};
use stytch_endpoints::runtime::jwt::base64url_decode;
use stytch_endpoints::sessions::{self, Clock, JwtVerifier};
use stytch_endpoints::{Client, otps, users};
use stytch_local::{LocalServer, LocalServerConfig, OTP_TEST_CODE};

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

/// Logs a user in through the local server and returns a Stytch-shaped
/// session JWT with one custom claim, and the number of its factors.
fn session_jwt(client: &Client) -> Result<(String, usize), String> {
    let user = users::Create::builder()
        .phone_number("+15555550100")
        .send(client)
        .map_err(|e| e.to_string())?;
    let login = otps::Authenticate::builder()
        .method_id(&user.phone_id)
        .code(OTP_TEST_CODE)
        .session_duration_minutes(60u32)
        .send(client)
        .map_err(|e| e.to_string())?;
    let mut claims = serde_json::Map::new();
    claims.insert("team".into(), "blue".into());
    let answer = sessions::Authenticate::builder()
        .session_jwt(login.session_jwt.expose())
        .session_custom_claims(claims)
        .send(client)
        .map_err(|e| e.to_string())?;
    let token = answer.session_jwt.expose().to_owned();
    Ok((token, answer.session.authentication_factors.len()))
}

fn run() -> Result<(), String> {
    if std::env::args().any(|a| a == "--threads") {
        return scaling(
            arg("--threads", 16)?,
            arg("--millis", 1500)?,
            arg("--refresh-ms", 200)?,
        );
    }
    let rounds = arg("--rounds", 201)?;
    let per = Duration::from_millis(arg("--millis", 10)?);

    let server = LocalServer::start().map_err(|e| e.to_string())?;
    let client = server.client();
    let (token, factors) = session_jwt(&client)?;

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
        factors,
        per.as_millis()
    );
    let floors = std::env::args().any(|a| a == "--floors");
    let payload = signed.split('.').nth(1).ok_or("no payload")?;
    let raw_check = || {
        black_box(
            key.verify(
                &RSA_PKCS1_2048_8192_SHA256,
                black_box(signed.as_bytes()),
                black_box(&signature),
            )
            .is_ok(),
        );
    };
    // The payload as text, through the base64url decoder ours uses.
    let decoded = || {
        let bytes = base64url_decode(black_box(payload.as_bytes())).unwrap_or_default();
        String::from_utf8(bytes).unwrap_or_default()
    };
    let mut contenders: Vec<Contender> = vec![
        (
            "ours",
            Box::new(|| {
                black_box(verifier.authenticate_local(black_box(&token)).is_ok());
            }),
        ),
        ("raw", Box::new(raw_check)),
    ];
    if floors {
        // The raw check, the payload decoded and parsed, nothing kept.
        let skipped = move || {
            raw_check();
            let text = decoded();
            black_box(serde_json::from_str::<serde::de::IgnoredAny>(&text).is_ok());
            text
        };
        contenders.push((
            "payload skipped",
            Box::new(move || {
                black_box(skipped());
            }),
        ));
        contenders.push((
            "skipped + 20 strings",
            Box::new(move || {
                let text = skipped();
                let strings: Vec<String> = (0..20)
                    .map(|i| black_box(text.get(i * 10..i * 10 + 24).unwrap_or("")).to_owned())
                    .collect();
                black_box(strings);
            }),
        ));
        contenders.push((
            "payload as a Value",
            Box::new(move || {
                raw_check();
                let text = decoded();
                black_box(serde_json::from_str::<serde_json::Value>(&text).is_ok());
            }),
        ));
    }
    let mut rates: Vec<Vec<f64>> = vec![Vec::new(); contenders.len()];
    for round in 0..rounds {
        // Rotate which goes first.
        let n = contenders.len();
        for k in 0..n {
            let i = (k + round as usize) % n;
            rates[i].push(rate(per, &contenders[i].1));
        }
    }
    let raw = rates[1].clone();
    let r = median(raw.clone());
    // Median of one contender's rates, and the median of its per-round
    // ratios to raw.
    let against_raw = |i: usize| {
        let ratios: Vec<f64> = rates[i].iter().zip(&raw).map(|(o, r)| o / r).collect();
        (median(rates[i].clone()), median(ratios))
    };
    let (o, per_round) = against_raw(0);
    println!("ours (authenticate_local): {o:>9.0} verifications/s");
    println!("raw  (ring RS256 verify):  {r:>9.0} verifications/s");
    println!(
        "ours / raw: {:.3} (ratio of medians), {per_round:.3} (median of per-round ratios); target >= 0.9",
        o / r,
    );
    for (i, (name, _)) in contenders.iter().enumerate().skip(2) {
        let (m, per_round) = against_raw(i);
        println!(
            "floor, {:<22} {m:>9.0} verifications/s, / raw: {:.3} (ratio of medians), {per_round:.3} (per-round)",
            format!("{name}:"),
            m / r,
        );
    }
    Ok(())
}

/// A contender's name and one verification.
type Contender<'a> = (&'static str, Box<dyn Fn() + 'a>);

/// Calls per second of `f`, run for about `per`.
fn rate(per: Duration, f: &dyn Fn()) -> f64 {
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

/// The system's wall clock, and a monotonic clock that can jump ahead (to
/// age the cached keys without waiting 5 minutes).
#[derive(Clone, Default)]
struct JumpClock {
    ahead_secs: Arc<AtomicU64>,
}

impl Clock for JumpClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
    fn instant(&self) -> Instant {
        Instant::now() + Duration::from_secs(self.ahead_secs.load(Ordering::Relaxed))
    }
}

/// When the JWKS route started and finished answering the refresh.
#[derive(Default)]
struct FetchWindow {
    slow: AtomicBool,
    times: Mutex<(Option<Instant>, Option<Instant>)>,
}

/// What one thread saw: verifications, failures, and each verification's
/// end time and length (for the refresh run).
struct ThreadLog {
    ok: u64,
    failed: u64,
    samples: Vec<(Instant, Duration)>,
}

fn scaling(threads: u64, millis: u64, refresh_ms: u64) -> Result<(), String> {
    let threads = usize::try_from(threads.max(1)).map_err(|_| "--threads too large")?;
    let per = Duration::from_millis(millis);
    let refresh = Duration::from_millis(refresh_ms);
    let window = Arc::new(FetchWindow::default());
    let route_window = Arc::clone(&window);
    let config = LocalServerConfig::default().route::<sessions::GetJwks, _>(move |_| {
        let slow = route_window.slow.load(Ordering::SeqCst);
        if slow {
            route_window
                .times
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .0 = Some(Instant::now());
            std::thread::sleep(refresh);
        }
        let answer = serde_json::json!({ "keys": [stytch_local::keys::jwk()] });
        if slow {
            route_window
                .times
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .1 = Some(Instant::now());
        }
        Ok(answer)
    });
    let server = LocalServer::start_with(config).map_err(|e| e.to_string())?;
    let client = server.client();
    let (token, _) = session_jwt(&client)?;
    let clock = JumpClock::default();
    let verifier = JwtVerifier::new(&client).clock(clock.clone());
    verifier
        .authenticate_local(&token)
        .map_err(|e| e.to_string())?;
    println!(
        "token: {} bytes; {} ms per run; {} CPUs available",
        token.len(),
        per.as_millis(),
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );

    let mut counts = vec![1, 2, threads];
    counts.sort_unstable();
    counts.dedup();
    let mut single = 0.0;
    for &n in &counts {
        let refresh_run = n == threads;
        if refresh_run {
            window.slow.store(true, Ordering::SeqCst);
        }
        let fetches_before = client.jwks().fetches();
        let (logs, elapsed) = run_threads(n, per, &verifier, &token, refresh_run.then_some(&clock));
        let ok: u64 = logs.iter().map(|l| l.ok).sum();
        let failed: u64 = logs.iter().map(|l| l.failed).sum();
        let rate = ok as f64 / elapsed.as_secs_f64();
        if n == 1 {
            single = rate;
        }
        println!(
            "{n:>2} thread(s): {rate:>9.0} verifications/s ({:.2}x one thread), {failed} refused",
            rate / single
        );
        if refresh_run {
            let fetches = client.jwks().fetches() - fetches_before;
            let (start, end) = *window.times.lock().unwrap_or_else(|p| p.into_inner());
            let (Some(start), Some(end)) = (start, end) else {
                return Err("the keys were not fetched again during the run".into());
            };
            let fetch = end - start;
            let samples = logs.iter().flat_map(|l| l.samples.iter());
            let during = samples
                .clone()
                .filter(|(done, _)| *done >= start && *done <= end)
                .count();
            let as_long = samples.clone().filter(|(_, took)| *took >= fetch).count();
            // A thread that finished a verification while the fetch was
            // out did not wait for it; only the fetching thread must.
            let busy_threads = logs
                .iter()
                .filter(|l| {
                    l.samples
                        .iter()
                        .any(|(done, _)| *done >= start && *done <= end)
                })
                .count();
            let mut lengths: Vec<Duration> = samples.map(|(_, took)| *took).collect();
            lengths.sort();
            let at = |q: f64| lengths[((lengths.len() - 1) as f64 * q) as usize];
            println!(
                "   refresh: {fetches} fetch(es), answered in {:.1} ms; {during} verifications \
                 completed during it ({:.0}/s), by {busy_threads} of {n} threads; \
                 {as_long} lasted >= the fetch (the fetching one, and any thread the \
                 scheduler held off the CPU as long)",
                fetch.as_secs_f64() * 1e3,
                during as f64 / fetch.as_secs_f64()
            );
            println!(
                "   verification time: median {:.1} us, p99 {:.1} us, p99.9 {:.1} us, \
                 max {:.1} ms (the fetching one included)",
                at(0.5).as_secs_f64() * 1e6,
                at(0.99).as_secs_f64() * 1e6,
                at(0.999).as_secs_f64() * 1e6,
                at(1.0).as_secs_f64() * 1e3
            );
        }
    }
    Ok(())
}

/// Runs `n` threads verifying `token` on clones of `verifier` for `per`;
/// with `jump`, moves the verifiers' monotonic clock past the keys' 5
/// minutes a third of the way in, which makes the next verification fetch
/// the keys again.
fn run_threads(
    n: usize,
    per: Duration,
    verifier: &JwtVerifier,
    token: &str,
    jump: Option<&JumpClock>,
) -> (Vec<ThreadLog>, Duration) {
    let stop = Arc::new(AtomicBool::new(false));
    let start = Arc::new(Barrier::new(n + 1));
    let handles: Vec<_> = (0..n)
        .map(|_| {
            let (verifier, token) = (verifier.clone(), token.to_owned());
            let (stop, start) = (Arc::clone(&stop), Arc::clone(&start));
            let record = jump.is_some();
            std::thread::spawn(move || {
                let mut log = ThreadLog {
                    ok: 0,
                    failed: 0,
                    samples: Vec::with_capacity(if record { 1 << 16 } else { 0 }),
                };
                start.wait();
                while !stop.load(Ordering::Relaxed) {
                    let began = Instant::now();
                    let ok = black_box(verifier.authenticate_local(black_box(&token))).is_ok();
                    if record {
                        let done = Instant::now();
                        log.samples.push((done, done - began));
                    }
                    if ok {
                        log.ok += 1;
                    } else {
                        log.failed += 1;
                    }
                }
                log
            })
        })
        .collect();
    start.wait();
    let began = Instant::now();
    if let Some(clock) = jump {
        std::thread::sleep(per / 3);
        clock.ahead_secs.fetch_add(301, Ordering::SeqCst);
        std::thread::sleep(per - per / 3);
    } else {
        std::thread::sleep(per);
    }
    stop.store(true, Ordering::Relaxed);
    let elapsed = began.elapsed();
    let logs = handles.into_iter().filter_map(|h| h.join().ok()).collect();
    (logs, elapsed)
}
