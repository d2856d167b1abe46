//! A load bench for the local server (a program, not a test): it starts
//! `stytch-local` in this process, with its default settings, and at once
//! runs
//!
//! - 200 clients, each on its own thread and connection, calling as fast
//!   as they can (`users::Get` and `sessions::Authenticate` in turn);
//! - 500 slow connections whose heads trickle in one byte a second (one
//!   thread writes to all of them; when the server answers 408 and closes
//!   one, it is opened again);
//! - one abusive searcher, sending in turn a search nested 40 levels deep
//!   with 2,000 operands (refused) and the largest search the limits allow;
//! - one well-formed client making one call at a time, without retries.
//!
//! It prints the well-formed client's latency percentiles, the peak number
//! of threads (of the process, and of the server alone: threads named
//! `stytch-local-*`), the peak of open connections and the peak RSS
//! (`VmHWM`). Everything stops after `LOAD_SECONDS` (default 20).
//!
//! ```sh
//! cargo run --release -p stytch-local --example load
//! ```

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{Map, Value, json};
use stytch_endpoints::users::{self, SearchOperator, SearchQuery};
use stytch_endpoints::{Client, RetryPolicy, sessions};
use stytch_local::{DEMO_SESSION_TOKEN, DEMO_USER_ID, LocalServer};

const CLIENTS: usize = 200;
const SLOW: usize = 500;

#[derive(Default)]
struct Counts {
    busy_ok: AtomicU64,
    busy_failed: AtomicU64,
    slow_opened: AtomicU64,
    slow_408: AtomicU64,
    search_refused: AtomicU64,
    search_answered: AtomicU64,
    search_other: AtomicU64,
}

fn main() -> ExitCode {
    let seconds = std::env::var("LOAD_SECONDS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or(20)
        .clamp(1, 50);
    let run_for = Duration::from_secs(seconds);
    let server = match LocalServer::start() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("load: cannot start the server: {e}");
            return ExitCode::FAILURE;
        }
    };
    let stop = Arc::new(AtomicBool::new(false));
    let counts = Arc::new(Counts::default());
    let peaks = Arc::new(Peaks::default());
    println!(
        "load: {CLIENTS} busy clients, {SLOW} slow connections, 1 abusive searcher, 1 measured client, {seconds} s"
    );

    let mut handles = Vec::new();
    handles.push(spawn("sampler", {
        let (stop, peaks) = (Arc::clone(&stop), Arc::clone(&peaks));
        move || sample(&stop, &peaks)
    }));
    for _ in 0..CLIENTS {
        let client = quick_client(&server);
        let (stop, counts) = (Arc::clone(&stop), Arc::clone(&counts));
        handles.push(spawn("busy", move || busy(&client, &stop, &counts)));
    }
    handles.push(spawn("slow", {
        let (addr, stop, counts) = (server.addr(), Arc::clone(&stop), Arc::clone(&counts));
        move || slow(addr, &stop, &counts)
    }));
    handles.push(spawn("search", {
        let client = quick_client(&server);
        let (stop, counts) = (Arc::clone(&stop), Arc::clone(&counts));
        move || abusive_search(&client, &stop, &counts)
    }));
    // The measured client: one call at a time, no retries, a 10 s bound.
    let measured = quick_client(&server);
    let started = Instant::now();
    let mut latencies = Vec::new();
    let mut failures = Vec::new();
    while started.elapsed() < run_for {
        let t = Instant::now();
        let result = users::Get::builder()
            .user_id(DEMO_USER_ID)
            .send(&measured)
            .map(drop);
        let took = t.elapsed();
        match result {
            Ok(()) => latencies.push(took),
            Err(e) => failures.push(e.to_string()),
        }
        thread::sleep(Duration::from_millis(10));
    }
    stop.store(true, Ordering::SeqCst);
    for h in handles {
        let _ = h.join();
    }
    let open_at_end = server.connections_open();
    drop(server);

    latencies.sort();
    let pct = |p: usize| {
        latencies
            .get((latencies.len() * p / 100).min(latencies.len().saturating_sub(1)))
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    println!(
        "measured client: {} calls ok, {} failed",
        latencies.len(),
        failures.len()
    );
    for f in failures.iter().take(5) {
        println!("  failure: {f}");
    }
    println!(
        "latency ms: p50 {:.2}  p90 {:.2}  p99 {:.2}  max {:.2}",
        pct(50),
        pct(90),
        pct(99),
        latencies.last().map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    );
    let c = &counts;
    let n = |a: &AtomicU64| a.load(Ordering::Relaxed);
    println!(
        "busy clients: {} calls ok, {} failed",
        n(&c.busy_ok),
        n(&c.busy_failed)
    );
    println!(
        "slow connections: {} opened, {} answered 408",
        n(&c.slow_opened),
        n(&c.slow_408)
    );
    println!(
        "abusive searches: {} refused (400), {} largest-allowed answered, {} other",
        n(&c.search_refused),
        n(&c.search_answered),
        n(&c.search_other)
    );
    println!(
        "peak threads: process {}, server {} (named stytch-local-*); peak open connections {}; open at the end {}",
        n(&peaks.threads),
        n(&peaks.server_threads),
        n(&peaks.open),
        open_at_end
    );
    println!("peak RSS (VmHWM): {} KiB", n(&peaks.hwm_kib));
    if failures.is_empty() && !latencies.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn spawn(name: &str, f: impl FnOnce() + Send + 'static) -> thread::JoinHandle<()> {
    thread::Builder::new()
        .name(format!("load-{name}"))
        .spawn(f)
        .expect("start a bench thread")
}

fn quick_client(server: &LocalServer) -> Client {
    server
        .client_builder()
        .retry(RetryPolicy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .expect("a client for the local server")
}

#[derive(Default)]
struct Peaks {
    threads: AtomicU64,
    server_threads: AtomicU64,
    /// Connection threads, one per open connection.
    open: AtomicU64,
    hwm_kib: AtomicU64,
}

/// Every 50 ms: the process's thread count and peak RSS from
/// /proc/self/status, and the threads whose name starts `stytch-local`.
fn sample(stop: &AtomicBool, peaks: &Peaks) {
    while !stop.load(Ordering::SeqCst) {
        if let Ok(status) = std::fs::read_to_string("/proc/self/status") {
            for line in status.lines() {
                let value = |prefix: &str| {
                    line.strip_prefix(prefix)
                        .and_then(|v| v.split_whitespace().next())
                        .and_then(|v| v.parse::<u64>().ok())
                };
                if let Some(t) = value("Threads:") {
                    peaks.threads.fetch_max(t, Ordering::Relaxed);
                }
                if let Some(k) = value("VmHWM:") {
                    peaks.hwm_kib.fetch_max(k, Ordering::Relaxed);
                }
            }
        }
        let mut server_threads = 0;
        let mut conn_threads = 0;
        if let Ok(tasks) = std::fs::read_dir("/proc/self/task") {
            for task in tasks.flatten() {
                let comm = std::fs::read_to_string(task.path().join("comm")).unwrap_or_default();
                if comm.starts_with("stytch-local") {
                    server_threads += 1;
                }
                if comm.starts_with("stytch-local-co") {
                    conn_threads += 1;
                }
            }
        }
        peaks
            .server_threads
            .fetch_max(server_threads, Ordering::Relaxed);
        peaks.open.fetch_max(conn_threads, Ordering::Relaxed);
        thread::sleep(Duration::from_millis(50));
    }
}

fn busy(client: &Client, stop: &AtomicBool, counts: &Counts) {
    let mut i = 0u64;
    while !stop.load(Ordering::SeqCst) {
        i += 1;
        let ok = if i % 2 == 0 {
            users::Get::builder()
                .user_id(DEMO_USER_ID)
                .send(client)
                .is_ok()
        } else {
            sessions::Authenticate::builder()
                .session_token(DEMO_SESSION_TOKEN)
                .send(client)
                .is_ok()
        };
        let counter = if ok {
            &counts.busy_ok
        } else {
            &counts.busy_failed
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }
}

/// One connection trickling a head that never ends (it is longer than the
/// time allowed), and what it has written so far.
struct Slow {
    stream: TcpStream,
    sent: usize,
    got: Vec<u8>,
}

const SLOW_HEAD: &[u8] = b"GET /v1/users/user-test-slow HTTP/1.1\r\nhost: 127.0.0.1\r\nx-slow: ";

fn open_slow(addr: SocketAddr, counts: &Counts) -> Option<Slow> {
    let stream = TcpStream::connect_timeout(&addr, Duration::from_secs(2)).ok()?;
    stream.set_nonblocking(true).ok()?;
    counts.slow_opened.fetch_add(1, Ordering::Relaxed);
    Some(Slow {
        stream,
        sent: 0,
        got: Vec::new(),
    })
}

/// Keeps `SLOW` connections open, each sent one more byte every second.
fn slow(addr: SocketAddr, stop: &AtomicBool, counts: &Counts) {
    let mut conns: Vec<Option<Slow>> = (0..SLOW).map(|_| open_slow(addr, counts)).collect();
    while !stop.load(Ordering::SeqCst) {
        let round = Instant::now();
        for slot in &mut conns {
            let alive = match slot {
                Some(c) => step(c, counts),
                None => false,
            };
            if !alive && !stop.load(Ordering::SeqCst) {
                *slot = open_slow(addr, counts);
            }
        }
        let rest = Duration::from_secs(1).saturating_sub(round.elapsed());
        let mut slept = Duration::ZERO;
        while slept < rest && !stop.load(Ordering::SeqCst) {
            thread::sleep(Duration::from_millis(50));
            slept += Duration::from_millis(50);
        }
    }
}

/// Sends one byte and reads what the server sent; `false` when the server
/// has closed the connection.
fn step(c: &mut Slow, counts: &Counts) -> bool {
    let byte = SLOW_HEAD.get(c.sent).copied().unwrap_or(b'a');
    match c.stream.write(&[byte]) {
        Ok(_) => c.sent += 1,
        Err(e) if e.kind() == ErrorKind::WouldBlock => {}
        Err(_) => return finish(c, counts),
    }
    let mut chunk = [0u8; 1024];
    loop {
        match c.stream.read(&mut chunk) {
            Ok(0) => return finish(c, counts),
            Ok(n) => c.got.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == ErrorKind::WouldBlock => return true,
            Err(_) => return finish(c, counts),
        }
    }
}

fn finish(c: &Slow, counts: &Counts) -> bool {
    if c.got.starts_with(b"HTTP/1.1 408") {
        counts.slow_408.fetch_add(1, Ordering::Relaxed);
    }
    false
}

fn filter(values: usize) -> Map<String, Value> {
    let list: Vec<String> = (0..values).map(|i| format!("user-test-{i}")).collect();
    object(json!({"filter_name": "user_id", "filter_value": list}))
}

fn object(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// A query `depth` levels deep with `width` filters of `values` values at
/// each level.
fn query(depth: usize, width: usize, values: usize) -> SearchQuery {
    let mut operands: Vec<Map<String, Value>> = (0..width).map(|_| filter(values)).collect();
    for _ in 1..depth {
        let inner = json!({"operator": "OR", "operands": operands});
        operands = (0..width).map(|_| filter(values)).collect();
        operands.push(object(inner));
    }
    SearchQuery::new(SearchOperator::And, operands)
}

fn abusive_search(client: &Client, stop: &AtomicBool, counts: &Counts) {
    // Far past every limit: 40 levels, 50 filters of 10 values at each.
    let abusive = query(40, 50, 10);
    // At the limits: 8 levels, 11 operands per level (< 100 in all), 1000
    // values in all.
    let largest = query(8, 11, 11);
    while !stop.load(Ordering::SeqCst) {
        for (q, expect_refusal) in [(&abusive, true), (&largest, false)] {
            let result = users::Search::builder().query(q.clone()).send(client);
            let counter = match (&result, expect_refusal) {
                (Err(e), true) if e.status() == Some(400) => &counts.search_refused,
                (Ok(_), false) => &counts.search_answered,
                _ => &counts.search_other,
            };
            counter.fetch_add(1, Ordering::Relaxed);
        }
    }
}
