//! Where the client thread and the server's connection threads run.
//!
//! On loopback a call is a ping-pong between two threads, and its cost
//! depends on where the scheduler puts them as much as on either side's
//! code. On the 2-vCPU machine of `BENCHMARKS.md`, the raw loop made about
//! 70,000 calls/s when its server thread shared the client's CPU (a direct
//! switch from one thread to the other) and about 18,000 when it ran on the
//! other CPU (every wake-up crosses CPUs, which is slow in a VM). Left free,
//! the scheduler keeps whichever arrangement a connection starts in, so one
//! contender could be measured in one regime and the next in the other,
//! and the ratios changed with the run length. Each run therefore fixes the
//! placement:
//!
//! - [`Placement::OneCore`]: client and server on the same CPU. Round trips
//!   are cheapest, so the client's own CPU time weighs most: the strictest
//!   comparison with the raw loop.
//! - [`Placement::TwoCores`]: the server on another CPU, as a remote server
//!   would be. Every round trip pays the cross-CPU wake-ups.
//! - [`Placement::Free`]: no pinning, whatever the scheduler does (the
//!   behaviour before placements existed; not reproducible).

use std::fmt;

/// Where the bench's threads run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// Client and server threads pinned to the same CPU.
    OneCore,
    /// Client on one CPU, server threads on another.
    TwoCores,
    /// No pinning.
    Free,
}

impl Placement {
    /// Parses `one-core`, `two-cores` or `free`.
    pub fn parse(name: &str) -> Option<Placement> {
        match name {
            "one-core" => Some(Placement::OneCore),
            "two-cores" => Some(Placement::TwoCores),
            "free" => Some(Placement::Free),
            _ => None,
        }
    }

    /// The CPUs for the client and the server threads, chosen from
    /// `allowed` (see [`allowed_cpus`]), or `None` when this placement pins
    /// nothing. An error when there are too few CPUs for it.
    pub fn cpus(self, allowed: &[usize]) -> Result<Option<(usize, usize)>, String> {
        match (self, allowed) {
            (Placement::Free, _) => Ok(None),
            (Placement::OneCore, [first, ..]) => Ok(Some((*first, *first))),
            (Placement::TwoCores, [first, second, ..]) => Ok(Some((*first, *second))),
            _ => Err(format!(
                "placement {self} needs more CPUs than the {} this process may use",
                allowed.len()
            )),
        }
    }
}

impl fmt::Display for Placement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Placement::OneCore => "one-core",
            Placement::TwoCores => "two-cores",
            Placement::Free => "free",
        })
    }
}

/// The CPUs the calling thread may run on, in ascending order. Read it
/// before pinning anything: `report::arrange` pins the client back to all
/// of them for [`Placement::Free`].
#[cfg(target_os = "linux")]
pub fn allowed_cpus() -> Result<Vec<usize>, String> {
    use rustix::thread::{CpuSet, sched_getaffinity};
    let set = sched_getaffinity(None).map_err(|e| format!("reading the CPU affinity: {e}"))?;
    Ok((0..CpuSet::MAX_CPU)
        .filter(|&cpu| set.is_set(cpu))
        .collect())
}

/// The CPUs the calling thread may run on: none known outside Linux, where
/// the bench runs unpinned.
#[cfg(not(target_os = "linux"))]
pub fn allowed_cpus() -> Result<Vec<usize>, String> {
    Ok(Vec::new())
}

/// Lets the calling thread run only on `cpus`. Threads it spawns afterwards
/// inherit the mask.
#[cfg(target_os = "linux")]
pub fn pin_current_thread(cpus: &[usize]) -> Result<(), String> {
    use rustix::thread::{CpuSet, sched_setaffinity};
    let mut set = CpuSet::new();
    for &cpu in cpus {
        set.set(cpu);
    }
    sched_setaffinity(None, &set).map_err(|e| format!("pinning a thread to CPUs {cpus:?}: {e}"))
}

/// Pinning is supported on Linux only.
#[cfg(not(target_os = "linux"))]
pub fn pin_current_thread(cpus: &[usize]) -> Result<(), String> {
    Err(format!(
        "pinning a thread to CPUs {cpus:?} is supported on Linux only; use --placement free"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for p in [Placement::OneCore, Placement::TwoCores, Placement::Free] {
            assert_eq!(Placement::parse(&p.to_string()), Some(p));
        }
        assert_eq!(Placement::parse("three-cores"), None);
    }

    #[test]
    fn free_pins_nothing() {
        assert_eq!(Placement::Free.cpus(&[]), Ok(None));
        assert!(Placement::TwoCores.cpus(&[3]).is_err());
        assert_eq!(Placement::TwoCores.cpus(&[3, 5, 7]), Ok(Some((3, 5))));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn one_core_puts_both_sides_on_the_same_allowed_cpu() {
        let allowed = allowed_cpus().unwrap();
        let (client, server) = Placement::OneCore.cpus(&allowed).unwrap().unwrap();
        assert_eq!(client, server);
        assert!(allowed.contains(&client));
        // A spawned thread pins itself and reads its own mask back.
        let seen = std::thread::spawn(move || {
            pin_current_thread(&[client]).unwrap();
            allowed_cpus().unwrap()
        })
        .join()
        .unwrap();
        assert_eq!(seen, vec![client]);
    }
}
