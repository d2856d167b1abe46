//! One client shared by 16 threads making 10,000 calls against the local
//! server: every call succeeds, and the pool keeps the number of connections
//! far below the number of calls.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use stytch_endpoints::oauth::Attach;
use stytch_local::{self as local, LocalServer};

const THREADS: usize = 16;
const CALLS_PER_THREAD: usize = 625;

#[test]
fn sixteen_threads_share_one_client_and_reuse_connections() {
    let server = LocalServer::start().expect("bind 127.0.0.1");
    let client = server.client();
    let ok = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let handles: Vec<_> = (0..THREADS)
        .map(|_| {
            let client = client.clone();
            let ok = Arc::clone(&ok);
            std::thread::spawn(move || {
                let call = Attach::builder()
                    .provider("google")
                    .user_id(local::DEMO_USER_ID)
                    .build();
                for _ in 0..CALLS_PER_THREAD {
                    let answer = client.send(&call).expect("every call succeeds");
                    assert_eq!(answer.status_code, 200);
                    assert!(!answer.oauth_attach_token.expose().is_empty());
                    ok.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    for h in handles {
        h.join().expect("no thread panicked");
    }
    let elapsed = started.elapsed();
    let calls = (THREADS * CALLS_PER_THREAD) as u64;
    let connections = server.connections_accepted();
    println!(
        "concurrency: {calls} calls from {THREADS} threads in {elapsed:?}, \
         {connections} connections accepted"
    );
    assert_eq!(ok.load(Ordering::Relaxed), calls);
    assert_eq!(server.requests_served(), calls);
    // One connection per thread in steady state (16 in every run so far);
    // twice that leaves room for races between returning and taking a
    // pooled connection. With ureq's default pool of 3 idle connections per
    // host this reached 49.
    assert!(
        connections >= 1 && connections <= 2 * THREADS as u64,
        "{connections}"
    );
    assert!(elapsed < Duration::from_secs(120), "{elapsed:?}");
}
