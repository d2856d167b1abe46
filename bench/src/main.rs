//! `cargo run --release -p stytch-bench`: our client against a hand-written
//! ureq call and a raw TCP loop, on a local keep-alive server.
//!
//! Options: `--rounds N --calls N --warmup N --alloc-calls N`, and
//! `--only ours|ureq|raw` to run one contender `--calls` times with no
//! report (for `strace -c`, `perf stat` or callgrind), and `--placement
//! one-core,two-cores,free` to choose where the client and server threads
//! run (default: `one-core,two-cores`; see `placement.rs`), and `--host
//! localhost` to have the HTTP clients resolve a name on every call.

use stytch_bench::alloc::CountingAlloc;
use stytch_bench::contenders::{Contender, HandUreq, Ours, RawTcp};
use stytch_bench::harness::Rounds;
use stytch_bench::placement::Placement;
use stytch_bench::report::{self, Options};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

fn main() {
    if let Err(e) = run() {
        eprintln!("stytch-bench: {e}");
        std::process::exit(1);
    }
}

/// The ratios printed for each placement, with their targets.
const PAIRS: &[(&str, &str, Option<f64>)] = &[
    ("ours", "ureq", Some(0.97)),
    ("ours", "raw", Some(0.75)),
    ("ureq", "raw", None),
];

fn run() -> Result<(), String> {
    report::main_loop(PAIRS, one_placement)
}

/// Measures every contender in `placement`, on a server of its own.
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
    let mut hand = HandUreq::new(&base);
    let ureq_bytes = server.request_of(|| hand.call())?;
    let mut raw = RawTcp::new(server.addr(), our_bytes.clone())?;

    if first && options.only.is_none() {
        println!("request of ours ({} bytes):", our_bytes.len());
        println!("{}", report::redacted(&our_bytes));
        if ureq_bytes == our_bytes {
            println!("the hand-written ureq call sends the same bytes: yes\n");
        } else {
            println!("the hand-written ureq call sends DIFFERENT bytes:");
            println!("{}\n", report::redacted(&ureq_bytes));
        }
    }

    let mut contenders: [&mut dyn Contender; 3] = [&mut ours, &mut hand, &mut raw];
    let rounds = report::run(options, placement, first, &mut contenders, PAIRS)?;
    if options.only.is_none() {
        println!("server answered {} requests\n", server.requests());
    }
    Ok(rounds)
}
