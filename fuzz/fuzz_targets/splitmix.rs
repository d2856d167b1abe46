//! What the std drivers of the fuzz targets share (each target is its own
//! binary and includes this file): their arguments and splitmix64, a
//! small, seeded, std-only PRNG.

pub struct SplitMix(pub u64);

impl SplitMix {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// The driver's arguments: `<runs> [seed]` (defaults 1,000,000 and 0x5EED).
pub fn runs_and_seed() -> (u64, u64) {
    let mut args = std::env::args().skip(1);
    let runs = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let seed = args.next().and_then(|a| a.parse().ok()).unwrap_or(0x5EED);
    (runs, seed)
}
