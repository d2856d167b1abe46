//! `cargo run --release -p stytch-bench`: our client against a hand-written
//! ureq call and a raw TCP loop, on a local keep-alive server.
//!
//! Options: `--rounds N --calls N --warmup N --alloc-calls N`, and
//! `--only ours|ureq|raw` to run one contender `--calls` times with no
//! report (for `strace -c`, `perf stat` or callgrind).

use stytch_bench::alloc::CountingAlloc;
use stytch_bench::contenders::{Contender, HandUreq, Ours, RawTcp};
use stytch_bench::report::{self, Options};
use stytch_bench::server::BenchServer;

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

fn main() {
    if let Err(e) = run() {
        eprintln!("stytch-bench: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let options = Options::from_args()?;
    let server = BenchServer::start().map_err(|e| e.to_string())?;
    let base = server.base_url();

    let mut ours = Ours::new(&base)?;
    ours.call()?;
    let our_bytes = server.first_request().ok_or("no request seen")?;
    server.clear_first_request();
    let mut hand = HandUreq::new(&base);
    hand.call()?;
    let ureq_bytes = server.first_request().ok_or("no request seen")?;
    let mut raw = RawTcp::new(server.addr(), our_bytes.clone())?;

    if options.only.is_none() {
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
    report::run(
        &options,
        &mut contenders,
        &[
            ("ours", "ureq", Some(0.97)),
            ("ours", "raw", Some(0.75)),
            ("ureq", "raw", None),
        ],
    )?;
    if options.only.is_none() {
        println!("\nserver answered {} requests", server.requests());
    }
    Ok(())
}
