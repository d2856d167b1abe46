//! The open connections of one server: at most `max` at once (one thread
//! each), and every one of them shut down when the server is dropped.

use std::collections::HashMap;
use std::net::{Shutdown, TcpStream};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// The registry. Each entry shares its socket with the connection's thread
/// (`&TcpStream` reads and writes), so tracking costs no extra descriptor.
pub struct Connections {
    max: usize,
    open: Mutex<Open>,
    /// Signalled whenever a connection ends.
    ended: Condvar,
}

#[derive(Default)]
struct Open {
    next_id: u64,
    by_id: HashMap<u64, Arc<TcpStream>>,
}

/// A slot held by one connection's thread; dropping it frees the slot.
pub struct Slot<'a> {
    conns: &'a Connections,
    id: u64,
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        self.conns.lock().by_id.remove(&self.id);
        self.conns.ended.notify_all();
    }
}

impl Connections {
    pub fn new(max: usize) -> Connections {
        Connections {
            max,
            open: Mutex::new(Open::default()),
            ended: Condvar::new(),
        }
    }

    /// The cap this registry enforces.
    pub fn max(&self) -> usize {
        self.max
    }

    fn lock(&self) -> MutexGuard<'_, Open> {
        // Nothing here can be left half-changed by a panic.
        self.open.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Registers `stream` if there is room: returns its id, or `None` when
    /// `max` connections are already open.
    pub fn admit(&self, stream: &Arc<TcpStream>) -> Option<u64> {
        let mut open = self.lock();
        if open.by_id.len() >= self.max {
            return None;
        }
        let id = open.next_id;
        open.next_id += 1;
        open.by_id.insert(id, Arc::clone(stream));
        Some(id)
    }

    /// The slot of an admitted connection, for its thread to hold.
    pub fn slot(&self, id: u64) -> Slot<'_> {
        Slot { conns: self, id }
    }

    /// Frees the slot of a connection whose thread never started.
    pub fn forget(&self, id: u64) {
        drop(self.slot(id));
    }

    /// How many connections are open now.
    pub fn open(&self) -> usize {
        self.lock().by_id.len()
    }

    /// Shuts every open connection down (their threads see the end of the
    /// stream and return), then waits up to `within` for the threads to
    /// finish. Returns how many were still running.
    pub fn close_all(&self, within: Duration) -> usize {
        let deadline = Instant::now() + within;
        let mut open = self.lock();
        for stream in open.by_id.values() {
            let _ = stream.shutdown(Shutdown::Both);
        }
        while !open.by_id.is_empty() {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            open = match self.ended.wait_timeout(open, left) {
                Ok((guard, _)) => guard,
                Err(p) => p.into_inner().0,
            };
        }
        open.by_id.len()
    }
}
