//! Command-line options and the printed report shared by both bench
//! programs.

use crate::contenders::Contender;
use crate::harness::{self, Rounds};
use crate::placement::{self, Placement};
use crate::server::BenchServer;

/// Options of a bench run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Calls per contender before measuring.
    pub warmup: usize,
    /// Number of interleaved rounds.
    pub rounds: usize,
    /// Calls per contender per round.
    pub calls: usize,
    /// Calls over which allocations are counted.
    pub alloc_calls: usize,
    /// Run only this contender, `calls` times, and print nothing else (for
    /// `strace`, `perf stat` and callgrind). It runs in the first placement.
    pub only: Option<String>,
    /// The placements to measure, one after the other (see
    /// [`Placement`]).
    pub placements: Vec<Placement>,
    /// The host name the HTTP clients put in their URL: `127.0.0.1` by
    /// default; a name (`localhost`) makes every call go through the
    /// client's resolver, as calls to `api.stytch.com` do.
    pub host: String,
}

impl Options {
    /// The base URL the HTTP clients use for `server`.
    pub fn base_url(&self, server: &BenchServer) -> String {
        format!("http://{}:{}", self.host, server.addr().port())
    }

    /// Reads `--warmup N --rounds N --calls N --alloc-calls N --only NAME
    /// --host NAME --placement LIST`, where `LIST` is `one-core`, `two-cores` or `free`,
    /// or several of them separated by commas. The default is
    /// `one-core,two-cores` (only `one-core` when the process may use a
    /// single CPU, and `free` where pinning is not supported).
    pub fn from_args() -> Result<Options, String> {
        let mut o = Options {
            warmup: 500,
            rounds: 15,
            calls: 4000,
            alloc_calls: 1000,
            only: None,
            placements: Vec::new(),
            host: "127.0.0.1".to_owned(),
        };
        let mut args = std::env::args().skip(1);
        while let Some(flag) = args.next() {
            let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
            let number = || value.parse::<usize>().map_err(|e| format!("{flag}: {e}"));
            match flag.as_str() {
                "--warmup" => o.warmup = number()?,
                "--rounds" => o.rounds = number()?,
                "--calls" => o.calls = number()?,
                "--alloc-calls" => o.alloc_calls = number()?,
                "--only" => o.only = Some(value),
                "--host" => o.host = value,
                "--placement" => {
                    for name in value.split(',') {
                        let p = Placement::parse(name).ok_or_else(|| {
                            format!(
                                "--placement: unknown placement {name:?} \
                                 (one-core, two-cores or free)"
                            )
                        })?;
                        o.placements.push(p);
                    }
                }
                _ => return Err(format!("unknown option {flag}")),
            }
        }
        if o.placements.is_empty() {
            let cpus = placement::allowed_cpus()?.len();
            if cpus == 0 {
                o.placements.push(Placement::Free);
            }
            if cpus >= 1 {
                o.placements.push(Placement::OneCore);
            }
            if cpus >= 2 {
                o.placements.push(Placement::TwoCores);
            }
        }
        if o.only.is_some() {
            o.placements.truncate(1);
        }
        Ok(o)
    }
}

/// The machine and toolchain, for the report's header.
pub fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown cpu".to_owned());
    format!("{cores} cores, {cpu}")
}

/// The whole program: reads the options, measures each placement with
/// `one_placement` (given the options, the placement, the CPUs the process
/// may use, and whether it is the first one) and prints the summary over
/// `pairs`.
pub fn main_loop(
    pairs: &[(&str, &str, Option<f64>)],
    mut one_placement: impl FnMut(&Options, Placement, &[usize], bool) -> Result<Rounds, String>,
) -> Result<(), String> {
    let options = Options::from_args()?;
    let allowed = placement::allowed_cpus()?;
    if options.only.is_none() {
        println!("machine: {}\n", machine());
    }
    let mut results = Vec::new();
    for (i, &placement) in options.placements.iter().enumerate() {
        let rounds = one_placement(&options, placement, &allowed, i == 0)?;
        results.push((placement, rounds));
    }
    if options.only.is_none() {
        summary(&results, pairs);
    }
    Ok(())
}

/// Pins the calling (client) thread for `placement` and starts the bench
/// server with its threads where the placement puts them. `allowed` is the
/// CPU mask read before any pinning ([`placement::allowed_cpus`]); `Free`
/// restores it.
pub fn arrange(placement: Placement, allowed: &[usize]) -> Result<BenchServer, String> {
    let cpus = placement.cpus(allowed)?;
    match cpus {
        Some((client, _)) => placement::pin_current_thread(&[client])?,
        None if !allowed.is_empty() => placement::pin_current_thread(allowed)?,
        None => {}
    }
    BenchServer::start_on(cpus.map(|(_, server)| server))
        .map_err(|e| format!("starting the bench server ({placement}): {e}"))
}

/// Runs the whole bench over `contenders` in one placement and prints the
/// report; allocations are counted too when `count_allocs` is set (they do
/// not depend on the placement). `pairs` lists the ratios to print, each
/// with an optional target.
pub fn run(
    options: &Options,
    placement: Placement,
    count_allocs: bool,
    contenders: &mut [&mut dyn Contender],
    pairs: &[(&str, &str, Option<f64>)],
) -> Result<Rounds, String> {
    if let Some(only) = &options.only {
        let c = contenders
            .iter_mut()
            .find(|c| c.name() == only)
            .ok_or_else(|| format!("no contender named {only}"))?;
        c.run(options.calls)?;
        return Ok(Rounds {
            names: vec![],
            rates: vec![],
        });
    }
    println!("== placement: {placement} ({}) ==", describe(placement));
    println!(
        "rounds: {}, calls per contender per round: {}, warm-up: {}",
        options.rounds, options.calls, options.warmup
    );
    let rounds = harness::interleaved(contenders, options.warmup, options.rounds, options.calls)?;
    println!("\n{}", rounds.table());
    for (a, b, target) in pairs {
        print!("{}", rounds.ratio_line(a, b, *target));
    }
    if count_allocs {
        println!(
            "\nheap allocations per call ({} calls):",
            options.alloc_calls
        );
        for c in contenders.iter_mut() {
            let name = c.name();
            let (allocs, reallocs, bytes) =
                harness::allocs_per_call(&mut **c, options.alloc_calls)?;
            println!(
                "{name:<14} {allocs:>6.1} allocs + {reallocs:>5.1} reallocs, {bytes:>8.0} bytes"
            );
        }
    }
    println!();
    Ok(rounds)
}

fn describe(placement: Placement) -> &'static str {
    match placement {
        Placement::OneCore => "client and server threads on the same CPU",
        Placement::TwoCores => "server threads on another CPU than the client",
        Placement::Free => "no pinning: the scheduler decides",
    }
}

/// The ratios with a target, once per placement, with a verdict: the
/// target is met only when it is met in every placement measured.
pub fn summary(results: &[(Placement, Rounds)], pairs: &[(&str, &str, Option<f64>)]) {
    if results.is_empty() {
        return;
    }
    println!("== summary (median of paired rounds) ==");
    for (a, b, target) in pairs {
        let Some(target) = target else { continue };
        let mut line = format!("{a}/{b} (target >= {target}):");
        let mut all_met = true;
        for (placement, rounds) in results {
            let Some(ratio) = rounds.paired_ratio(a, b) else {
                continue;
            };
            all_met &= ratio >= *target;
            line.push_str(&format!(" {placement} {ratio:.3},"));
        }
        line.pop();
        let verdict = if all_met { "met" } else { "MISSED" };
        println!("{line}  -> {verdict}");
    }
}

/// A request's bytes as text, one header per line, with the
/// `authorization` value replaced by `[redacted]`.
pub fn redacted(request: &[u8]) -> String {
    let text = String::from_utf8_lossy(request);
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive("\r\n") {
        let is_auth = line
            .split_once(':')
            .is_some_and(|(name, _)| name.eq_ignore_ascii_case("authorization"));
        if is_auth {
            out.push_str("authorization: [redacted]\\r\\n\n");
        } else {
            out.push_str(&line.replace("\r\n", "\\r\\n\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn redacted_hides_the_authorization_value() {
        let shown = super::redacted(b"POST / HTTP/1.1\r\nAuthorization: Basic abc\r\n\r\n{}");
        assert!(!shown.contains("abc"));
        assert!(shown.contains("authorization: [redacted]"));
        assert!(shown.ends_with("{}"));
    }
}
