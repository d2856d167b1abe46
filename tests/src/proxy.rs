//! A proxy on 127.0.0.1 that records every byte it is sent and forwards
//! nothing: it accepts a `CONNECT` (answers 200, then records what comes
//! through the tunnel until the client stops), and answers anything else
//! with 502.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The proxy. Stops when dropped.
pub struct RecordingProxy {
    addr: SocketAddr,
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

struct Shared {
    /// The bytes received on each connection, in the order they were accepted.
    received: Mutex<Vec<Arc<Mutex<Vec<u8>>>>>,
    stop: AtomicBool,
}

impl RecordingProxy {
    /// Starts on a free port of 127.0.0.1.
    pub fn start() -> RecordingProxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local addr");
        let shared = Arc::new(Shared {
            received: Mutex::new(Vec::new()),
            stop: AtomicBool::new(false),
        });
        let s = Arc::clone(&shared);
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if s.stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let log = Arc::new(Mutex::new(Vec::new()));
                if let Ok(mut all) = s.received.lock() {
                    all.push(Arc::clone(&log));
                }
                std::thread::spawn(move || serve(stream, &log));
            }
        });
        RecordingProxy {
            addr,
            shared,
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:port`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How many connections were made to the proxy.
    pub fn connections(&self) -> usize {
        self.shared.received.lock().map(|r| r.len()).unwrap_or(0)
    }

    /// Everything received on every connection, as (lossy) text.
    pub fn received(&self) -> String {
        let all = match self.shared.received.lock() {
            Ok(all) => all.clone(),
            Err(_) => return String::new(),
        };
        all.iter()
            .map(|log| {
                String::from_utf8_lossy(&log.lock().map(|l| l.clone()).unwrap_or_default())
                    .into_owned()
            })
            .collect::<Vec<_>>()
            .join("\n--\n")
    }
}

impl Drop for RecordingProxy {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn serve(mut stream: TcpStream, log: &Mutex<Vec<u8>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_millis(100)));
    let started = Instant::now();
    let mut answered = false;
    let mut buf = [0u8; 4096];
    // Records for at most 3 s, or until the client closes.
    while started.elapsed() < Duration::from_secs(3) {
        match stream.read(&mut buf) {
            Ok(0) => return,
            Ok(n) => {
                let Ok(mut log) = log.lock() else { return };
                log.extend_from_slice(&buf[..n]);
                if !answered && log.windows(4).any(|w| w == b"\r\n\r\n") {
                    answered = true;
                    let reply: &[u8] = if log.starts_with(b"CONNECT ") {
                        b"HTTP/1.1 200 Connection established\r\n\r\n"
                    } else {
                        b"HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                    };
                    if stream.write_all(reply).is_err() {
                        return;
                    }
                }
            }
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => return,
        }
    }
}
