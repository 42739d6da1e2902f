//! [`FaultyProxy`]: a tiny HTTP/1.1 proxy between a client and a server that forwards
//! every request, and misbehaves once, on the first request whose body contains a given
//! byte string, **after** the server has answered it (so after the server committed):
//! it cuts the connection, answers 502 instead, or holds the answer back forever.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the proxy does instead of passing the server's answer on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Closes the client's connection without a word.
    Cut,
    /// Answers `502 Bad Gateway`, as a front end whose upstream went away.
    BadGateway,
    /// Sends nothing and keeps the connection open until the client leaves.
    Hold,
}

/// A proxy listening on `127.0.0.1`, forwarding to `upstream_port`; stopped when its
/// listener thread finds it dropped (connections in progress end with their client).
#[derive(Debug)]
pub struct FaultyProxy {
    port: u16,
    fired: Mutex<mpsc::Receiver<()>>,
    stop: Arc<AtomicBool>,
}

struct Trigger {
    needle: Vec<u8>,
    fault: Fault,
    armed: AtomicBool,
    fired: Mutex<mpsc::Sender<()>>,
}

impl FaultyProxy {
    /// Starts the proxy: `fault` hits the first request whose body contains `needle`.
    pub fn start(upstream_port: u16, needle: &[u8], fault: Fault) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the proxy");
        let port = listener.local_addr().expect("proxy address").port();
        let (tx, rx) = mpsc::channel();
        let trigger = Arc::new(Trigger {
            needle: needle.to_vec(),
            fault,
            armed: AtomicBool::new(true),
            fired: Mutex::new(tx),
        });
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        std::thread::spawn(move || {
            for client in listener.incoming() {
                if stopped.load(Ordering::SeqCst) {
                    return;
                }
                let Ok(client) = client else { continue };
                let trigger = Arc::clone(&trigger);
                std::thread::spawn(move || serve(client, upstream_port, &trigger));
            }
        });
        Self {
            port,
            fired: Mutex::new(rx),
            stop,
        }
    }

    /// The port clients connect to.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Waits until the fault happened (the server had answered the matching request).
    ///
    /// # Panics
    ///
    /// If it did not happen within `timeout`.
    pub fn wait_fired(&self, timeout: Duration) {
        self.fired
            .lock()
            .expect("proxy receiver")
            .recv_timeout(timeout)
            .unwrap_or_else(|e| panic!("the proxy's fault did not happen within {timeout:?}: {e}"));
    }
}

impl Drop for FaultyProxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the listener so that it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

/// One HTTP message read off a socket: its head and body, or the raw rest of the
/// connection when the body's length is not announced.
struct Message {
    head: Vec<u8>,
    body: Vec<u8>,
    /// The body is neither `Content-Length` nor empty (chunked, streaming): the rest of
    /// the connection must be copied as is.
    streaming: bool,
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn read_message(stream: &mut TcpStream) -> Option<Message> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let end = loop {
        if let Some(i) = find(&buf, b"\r\n\r\n") {
            break i + 4;
        }
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = buf[..end].to_vec();
    let mut body = buf[end..].to_vec();
    let text = String::from_utf8_lossy(&head).to_ascii_lowercase();
    let length = text.lines().find_map(|l| {
        l.strip_prefix("content-length:")
            .and_then(|v| v.trim().parse::<usize>().ok())
    });
    let streaming = length.is_none() && text.contains("transfer-encoding:");
    if let Some(length) = length {
        while body.len() < length {
            let n = stream.read(&mut chunk).ok()?;
            if n == 0 {
                return None;
            }
            body.extend_from_slice(&chunk[..n]);
        }
    }
    Some(Message {
        head,
        body,
        streaming,
    })
}

fn serve(mut client: TcpStream, upstream_port: u16, trigger: &Trigger) {
    while let Some(request) = read_message(&mut client) {
        let Ok(mut upstream) = TcpStream::connect(("127.0.0.1", upstream_port)) else {
            return;
        };
        if upstream.write_all(&request.head).is_err() || upstream.write_all(&request.body).is_err()
        {
            return;
        }
        let Some(response) = read_message(&mut upstream) else {
            return;
        };
        let hit = find(&request.body, &trigger.needle).is_some()
            && trigger.armed.swap(false, Ordering::SeqCst);
        if hit {
            let _ = trigger.fired.lock().map(|tx| tx.send(()));
            match trigger.fault {
                Fault::Cut => {
                    let _ = client.shutdown(Shutdown::Both);
                }
                Fault::BadGateway => {
                    let _ = client.write_all(
                        b"HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
                    );
                    let _ = client.shutdown(Shutdown::Both);
                }
                Fault::Hold => {
                    // Until the client gives up.
                    let mut sink = [0u8; 1024];
                    while matches!(client.read(&mut sink), Ok(n) if n > 0) {}
                }
            }
            return;
        }
        if client.write_all(&response.head).is_err() || client.write_all(&response.body).is_err() {
            return;
        }
        if response.streaming {
            let _ = std::io::copy(&mut upstream, &mut client);
            return;
        }
    }
}
