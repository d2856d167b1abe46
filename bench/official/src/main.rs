//! `cargo run --release` in `bench/official`: Stytch's official crate
//! (`stytch`, async on reqwest and tokio) against ours, the hand-written
//! ureq call and the raw TCP loop, interleaved on one local server.
//!
//! The official client is pointed at the bench server with
//! `stytch::client::Client::new_with_base_url`, which accepts an `http://`
//! URL; nothing here talks to Stytch's hosts. It runs on a current-thread
//! tokio runtime, each round's calls inside one `block_on`, which is the
//! cheapest way to drive it from a loop.
//!
//! Same options as `stytch-bench`; `--only official` runs just the
//! official client.

use stytch::client::{Client as HttpClient, Vertical};
use stytch::consumer::client::Client as OfficialClient;
use stytch::consumer::oauth::AttachRequest;
use stytch_bench::alloc::CountingAlloc;
use stytch_bench::contenders::{Contender, HandUreq, Ours, PROJECT_ID, RawTcp, SECRET, USER_ID};
use stytch_bench::harness::Rounds;
use stytch_bench::placement::Placement;
use stytch_bench::report::{self, Options};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

/// The official client on a current-thread runtime.
struct Official {
    runtime: tokio::runtime::Runtime,
    client: OfficialClient,
}

impl Official {
    fn new(base_url: &str) -> Result<Official, String> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?;
        let url = reqwest::Url::parse(&format!("{base_url}/")).map_err(|e| e.to_string())?;
        let http =
            HttpClient::new_with_base_url(PROJECT_ID, SECRET, url.clone(), Vertical::Consumer)
                .map_err(|e| e.to_string())?;
        let fraud = HttpClient::new_with_base_url(PROJECT_ID, SECRET, url, Vertical::Consumer)
            .map_err(|e| e.to_string())?;
        Ok(Official {
            runtime,
            client: OfficialClient::new_with_http_client(http, fraud),
        })
    }

    async fn one(&self) -> Result<(), String> {
        let answer = self
            .client
            .oauth
            .attach(AttachRequest {
                provider: "google".to_owned(),
                user_id: Some(USER_ID.to_owned()),
                session_token: None,
                session_jwt: None,
            })
            .await
            .map_err(|e| e.to_string())?;
        if answer.request_id.is_empty() || answer.status_code.as_u16() != 200 {
            return Err("unexpected answer".to_owned());
        }
        Ok(())
    }
}

impl Contender for Official {
    fn name(&self) -> &'static str {
        "official"
    }

    fn call(&mut self) -> Result<(), String> {
        self.run(1)
    }

    fn run(&mut self, n: usize) -> Result<(), String> {
        self.runtime.block_on(async {
            for _ in 0..n {
                self.one().await?;
            }
            Ok(())
        })
    }
}

fn main() {
    if let Err(e) = run() {
        eprintln!("stytch-bench-official: {e}");
        std::process::exit(1);
    }
}

/// The ratios printed for each placement, with their targets.
const PAIRS: &[(&str, &str, Option<f64>)] = &[
    ("ours", "official", Some(1.3)),
    ("ours", "ureq", Some(0.97)),
    ("ours", "raw", Some(0.75)),
    ("official", "raw", None),
];

fn run() -> Result<(), String> {
    report::main_loop(PAIRS, one_placement)
}

/// Measures every contender in `placement`, on a server of its own. The
/// tokio runtime is built after the pinning, so it runs where the client
/// does.
fn one_placement(
    options: &Options,
    placement: Placement,
    allowed: &[usize],
    first: bool,
) -> Result<Rounds, String> {
    let server = report::arrange(placement, allowed)?;
    let base = options.base_url(&server);

    let mut ours = Ours::new(&base)?;
    let our_bytes = server.request_of(|| ours.call())?;
    let mut official = Official::new(&base)?;
    let official_bytes = server.request_of(|| official.call())?;
    let mut hand = HandUreq::new(&base);
    let mut raw = RawTcp::new(server.addr(), our_bytes)?;

    if first && options.only.is_none() {
        println!(
            "request of the official crate ({} bytes):",
            official_bytes.len()
        );
        println!("{}\n", report::redacted(&official_bytes));
    }
    let mut contenders: [&mut dyn Contender; 4] = [&mut ours, &mut official, &mut hand, &mut raw];
    report::run(options, placement, first, &mut contenders, PAIRS)
}
