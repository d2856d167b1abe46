//! Interleaved rounds, medians, ratios and allocation counts.

use std::time::Instant;

use crate::alloc::Counts;
use crate::contenders::Contender;

/// Calls per second of each contender in each round.
#[derive(Debug, Clone)]
pub struct Rounds {
    /// Contender names, in the order given.
    pub names: Vec<&'static str>,
    /// `rates[c][r]`: calls per second of contender `c` in round `r`.
    pub rates: Vec<Vec<f64>>,
}

/// Warms every contender up, then runs `rounds` rounds of `calls` calls
/// each. Within a round every contender runs once; the starting contender
/// rotates from round to round so none always runs first or last.
pub fn interleaved(
    contenders: &mut [&mut dyn Contender],
    warmup: usize,
    rounds: usize,
    calls: usize,
) -> Result<Rounds, String> {
    let n = contenders.len();
    for c in contenders.iter_mut() {
        c.run(warmup).map_err(|e| format!("{}: {e}", c.name()))?;
    }
    let mut rates = vec![Vec::with_capacity(rounds); n];
    for round in 0..rounds {
        for k in 0..n {
            let i = (round + k) % n;
            let c = &mut contenders[i];
            let start = Instant::now();
            c.run(calls).map_err(|e| format!("{}: {e}", c.name()))?;
            let secs = start.elapsed().as_secs_f64();
            rates[i].push(calls as f64 / secs.max(1e-9));
        }
    }
    Ok(Rounds {
        names: contenders.iter().map(|c| c.name()).collect(),
        rates,
    })
}

/// The median of `values` (the mean of the middle two for an even count).
pub fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

impl Rounds {
    /// The median calls per second of contender `name`.
    pub fn median_of(&self, name: &str) -> Option<f64> {
        let i = self.names.iter().position(|n| *n == name)?;
        Some(median(&self.rates[i]))
    }

    /// The median over rounds of `a`'s rate divided by `b`'s in the same
    /// round: steadier than the ratio of medians when the machine's load
    /// drifts during the run.
    pub fn paired_ratio(&self, a: &str, b: &str) -> Option<f64> {
        let ia = self.names.iter().position(|n| *n == a)?;
        let ib = self.names.iter().position(|n| *n == b)?;
        let ratios: Vec<f64> = self.rates[ia]
            .iter()
            .zip(&self.rates[ib])
            .map(|(x, y)| x / y)
            .collect();
        Some(median(&ratios))
    }

    /// A table of medians, spreads and time per call.
    pub fn table(&self) -> String {
        let mut out =
            String::from("contender      median calls/s   min..max calls/s      us/call\n");
        for (name, rates) in self.names.iter().zip(&self.rates) {
            let min = rates.iter().copied().fold(f64::INFINITY, f64::min);
            let max = rates.iter().copied().fold(0.0, f64::max);
            let med = median(rates);
            out.push_str(&format!(
                "{name:<14} {med:>14.0}   {min:>8.0}..{max:<8.0}   {:>10.2}\n",
                1e6 / med
            ));
        }
        out
    }

    /// One line per pair: ratio of medians and median of paired ratios.
    pub fn ratio_line(&self, a: &str, b: &str, target: Option<f64>) -> String {
        let (Some(ma), Some(mb), Some(paired)) = (
            self.median_of(a),
            self.median_of(b),
            self.paired_ratio(a, b),
        ) else {
            return String::new();
        };
        let verdict = match target {
            Some(t) if paired >= t => format!("  (target >= {t}: met)"),
            Some(t) => format!("  (target >= {t}: MISSED)"),
            None => String::new(),
        };
        format!(
            "{a}/{b}: {:.3} (ratio of medians), {paired:.3} (median of paired rounds){verdict}\n",
            ma / mb
        )
    }
}

/// Allocation counts per call of `c` over `calls` calls, after one warm-up
/// call so lazily built state (pools, buffers) is not counted.
pub fn allocs_per_call(c: &mut dyn Contender, calls: usize) -> Result<(f64, f64, f64), String> {
    c.run(1)?;
    let (before, after) = crate::alloc::counting(|| {
        let before = Counts::now();
        c.run(calls).map(|()| (before, Counts::now()))
    })?;
    let d = after.since(before);
    let n = calls as f64;
    Ok((
        d.allocs as f64 / n,
        d.reallocs as f64 / n,
        d.bytes as f64 / n,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
    }

    #[test]
    fn paired_ratio_uses_rounds_side_by_side() {
        let r = Rounds {
            names: vec!["a", "b"],
            rates: vec![vec![10.0, 20.0, 30.0], vec![10.0, 10.0, 10.0]],
        };
        assert_eq!(r.paired_ratio("a", "b"), Some(2.0));
        assert_eq!(r.median_of("b"), Some(10.0));
    }
}
