//! Command-line options and the printed report shared by both bench
//! programs.

use crate::contenders::Contender;
use crate::harness::{self, Rounds};

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
    /// `strace`, `perf stat` and callgrind).
    pub only: Option<String>,
}

impl Options {
    /// Reads `--warmup N --rounds N --calls N --alloc-calls N --only NAME`.
    pub fn from_args() -> Result<Options, String> {
        let mut o = Options {
            warmup: 500,
            rounds: 15,
            calls: 4000,
            alloc_calls: 1000,
            only: None,
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
                _ => return Err(format!("unknown option {flag}")),
            }
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

/// Runs the whole bench over `contenders` and prints the report. `pairs`
/// lists the ratios to print, each with an optional target.
pub fn run(
    options: &Options,
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
    println!("machine: {}", machine());
    println!(
        "rounds: {}, calls per contender per round: {}, warm-up: {}",
        options.rounds, options.calls, options.warmup
    );
    let rounds = harness::interleaved(contenders, options.warmup, options.rounds, options.calls)?;
    println!("\n{}", rounds.table());
    for (a, b, target) in pairs {
        print!("{}", rounds.ratio_line(a, b, *target));
    }
    println!(
        "\nheap allocations per call ({} calls):",
        options.alloc_calls
    );
    for c in contenders.iter_mut() {
        let name = c.name();
        let (allocs, reallocs, bytes) = harness::allocs_per_call(&mut **c, options.alloc_calls)?;
        println!("{name:<14} {allocs:>6.1} allocs + {reallocs:>5.1} reallocs, {bytes:>8.0} bytes");
    }
    Ok(rounds)
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
