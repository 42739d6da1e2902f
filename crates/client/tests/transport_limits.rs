//! The transport's limits against a fake server: answers larger than
//! `max_response_size` are refused without being read whole, and a server that never
//! answers fails the request after `request_timeout`.

use parsec_client::config::TransportConfig;
use parsec_client::connection::{AnonymousCmds, ConnectionError, Transport};
use parsec_protocol::addr::ServerAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

/// Far above the limits set here: reaching it means a limit did not apply.
const DEADLINE: Duration = Duration::from_secs(30);

/// How the fake server answers.
#[derive(Clone, Copy)]
enum Answer {
    /// Announces a body of this many bytes (and sends none).
    Announced(u64),
    /// Streams chunks forever (chunked encoding).
    Endless,
    /// Reads the request, then says nothing.
    Silent,
}

/// Serves one connection; reports how many body bytes it managed to send.
async fn fake_server(answer: Answer) -> (ServerAddr, oneshot::Receiver<u64>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("address").port();
    let (tx, rx) = oneshot::channel();
    tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.expect("accept");
        read_request_head(&mut stream).await;
        let sent = match answer {
            Answer::Announced(n) => {
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/msgpack\r\ncontent-length: {n}\r\n\r\n"
                );
                let _ = stream.write_all(head.as_bytes()).await;
                0
            }
            Answer::Endless => {
                let _ = stream
                    .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/msgpack\r\ntransfer-encoding: chunked\r\n\r\n")
                    .await;
                let chunk = [0x90u8; 65536];
                let mut sent = 0u64;
                // Until the client hangs up.
                while stream.write_all(b"10000\r\n").await.is_ok()
                    && stream.write_all(&chunk).await.is_ok()
                    && stream.write_all(b"\r\n").await.is_ok()
                {
                    sent += chunk.len() as u64;
                }
                sent
            }
            Answer::Silent => {
                let mut rest = [0u8; 1024];
                while stream.read(&mut rest).await.is_ok_and(|n| n > 0) {}
                0
            }
        };
        let _ = tx.send(sent);
    });
    let addr = format!("parsec3://127.0.0.1:{port}?no_ssl=true")
        .parse()
        .expect("server address");
    (addr, rx)
}

async fn read_request_head(stream: &mut TcpStream) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte).await {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
}

async fn send(addr: &ServerAddr, config: &TransportConfig) -> Result<Vec<u8>, ConnectionError> {
    let transport = Transport::with_config(config).expect("transport");
    let cmds = AnonymousCmds::new(transport, addr, &"Org".parse().expect("organization ID"));
    tokio::time::timeout(DEADLINE, cmds.send_raw(vec![0x80]))
        .await
        .expect("the request ends well before the deadline")
}

fn limited(max_response_size: usize) -> TransportConfig {
    TransportConfig {
        max_response_size,
        ..TransportConfig::default()
    }
}

#[tokio::test]
async fn an_announced_large_answer_is_refused() {
    let (addr, _) = fake_server(Answer::Announced(10 << 20)).await;
    let err = send(&addr, &limited(1 << 20)).await.expect_err("too large");
    assert!(
        matches!(err, ConnectionError::ResponseTooLarge { limit, .. } if limit == 1 << 20),
        "{err}"
    );
    assert!(
        err.to_string().contains("larger than 1048576 bytes"),
        "{err}"
    );
}

#[tokio::test]
async fn an_endless_answer_is_cut_at_the_limit() {
    let (addr, sent) = fake_server(Answer::Endless).await;
    let err = send(&addr, &limited(1 << 20)).await.expect_err("too large");
    assert!(
        matches!(err, ConnectionError::ResponseTooLarge { .. }),
        "{err}"
    );
    // The client hung up: the server stopped, having sent little more than the limit
    // (plus what the socket buffers hold).
    let sent = tokio::time::timeout(DEADLINE, sent)
        .await
        .expect("the client hangs up")
        .expect("the fake server reports");
    assert!(sent < 64 << 20, "{sent} bytes sent");
}

#[tokio::test]
async fn a_silent_server_times_out() {
    let (addr, _) = fake_server(Answer::Silent).await;
    let config = TransportConfig {
        request_timeout: Duration::from_millis(500),
        ..TransportConfig::default()
    };
    let err = send(&addr, &config).await.expect_err("no answer");
    assert!(matches!(err, ConnectionError::Timeout { .. }), "{err:?}");
    assert!(
        err.to_string().starts_with("the server is not responding"),
        "{err}"
    );
}
