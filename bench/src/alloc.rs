//! A global allocator that counts allocations made by the current thread,
//! while counting is switched on ([`counting`]).
//!
//! Counting is off while calls are timed: the counters cost about 20
//! instructions per allocation, which would be charged to the contenders
//! that allocate (ours about 700 instructions per call) and not to the raw
//! loop.
//!
//! Counting per thread keeps the bench server's threads (and anything else
//! running in the process) out of a contender's figure. The contenders make
//! their calls on the measuring thread: ours and ureq do all their work
//! there, and the official crate runs on a current-thread tokio runtime,
//! which polls its connection tasks on the same thread.

#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether allocations are being counted.
static COUNTING: AtomicBool = AtomicBool::new(false);

/// Counts allocations while `f` runs (on every thread; each counts its own).
pub fn counting<T>(f: impl FnOnce() -> T) -> T {
    /// Switches counting off again, also when `f` panics.
    struct Off;
    impl Drop for Off {
        fn drop(&mut self) {
            COUNTING.store(false, Ordering::SeqCst);
        }
    }
    COUNTING.store(true, Ordering::SeqCst);
    let _off = Off;
    f()
}

/// Wraps the system allocator and counts calls on the current thread.
pub struct CountingAlloc;

thread_local! {
    static ALLOCS: Cell<u64> = const { Cell::new(0) };
    static REALLOCS: Cell<u64> = const { Cell::new(0) };
    static BYTES: Cell<u64> = const { Cell::new(0) };
}

fn bump(counter: &'static std::thread::LocalKey<Cell<u64>>, by: u64) {
    if !COUNTING.load(Ordering::Relaxed) {
        return;
    }
    // `try_with`: during thread teardown the slot may already be gone.
    let _ = counter.try_with(|c| c.set(c.get().wrapping_add(by)));
}

// SAFETY: every method forwards to `System` with the same arguments; the
// counters are plain thread-local cells with const initialisers, so touching
// them never allocates or re-enters the allocator.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        bump(&ALLOCS, 1);
        bump(&BYTES, layout.size() as u64);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        bump(&ALLOCS, 1);
        bump(&BYTES, layout.size() as u64);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        bump(&REALLOCS, 1);
        bump(&BYTES, new_size.saturating_sub(layout.size()) as u64);
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// Allocation counts of the current thread.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Calls to `alloc` and `alloc_zeroed`.
    pub allocs: u64,
    /// Calls to `realloc` (a growing `Vec` or `String`).
    pub reallocs: u64,
    /// Bytes requested by allocations, plus growth by reallocations.
    pub bytes: u64,
}

impl Counts {
    /// The counts so far on this thread.
    pub fn now() -> Counts {
        Counts {
            allocs: ALLOCS.with(Cell::get),
            reallocs: REALLOCS.with(Cell::get),
            bytes: BYTES.with(Cell::get),
        }
    }

    /// What happened between `earlier` and `self`.
    pub fn since(self, earlier: Counts) -> Counts {
        Counts {
            allocs: self.allocs - earlier.allocs,
            reallocs: self.reallocs - earlier.reallocs,
            bytes: self.bytes - earlier.bytes,
        }
    }
}
