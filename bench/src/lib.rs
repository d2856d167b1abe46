//! Run-time benchmarks of `stytch-endpoints`.
//!
//! The library holds what both bench programs share: the local server
//! ([`server`]), the contenders ([`contenders`]), the interleaved
//! measurement ([`harness`]) and the counting allocator ([`alloc`]). The
//! `stytch-bench` binary compares our client with a hand-written ureq call
//! and a raw TCP loop; `bench/official` (outside the workspace) adds
//! Stytch's official async crate.

pub mod alloc;
pub mod contenders;
pub mod harness;
pub mod placement;
pub mod report;
pub mod server;
