//! The transport notices the `X-Parsec-Long-Poll: 1` answer header by which our server
//! announces that it holds greeting step requests open (what `PollPolicy::Auto` reads).
//! A bare HTTP/1.1 responder stands in for the server.

use parsec_client::connection::{AnonymousCmds, Transport, LONG_POLL_HEADER};
use parsec_protocol::addr::ServerAddr;
use parsec_protocol::cmds::dump_status;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Answers each connection once, with `extra_headers[i]` for the i-th one.
async fn serve(listener: TcpListener, extra_headers: Vec<String>) {
    let body = dump_status("ok");
    for extra in extra_headers {
        let (mut socket, _) = listener.accept().await.expect("accept");
        // Read the request head, then its body (the client always sends Content-Length).
        let mut request = Vec::new();
        let mut buf = [0u8; 4096];
        let head_end = loop {
            let n = socket.read(&mut buf).await.expect("read");
            assert!(n > 0, "client closed early");
            request.extend_from_slice(&buf[..n]);
            if let Some(i) = request.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
        };
        let head = String::from_utf8_lossy(&request[..head_end]).to_ascii_lowercase();
        let length: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .map(|v| v.trim().parse().expect("length"))
            .unwrap_or(0);
        while request.len() < head_end + length {
            let n = socket.read(&mut buf).await.expect("read");
            request.extend_from_slice(&buf[..n]);
        }
        let response = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/msgpack\r\n{extra}content-length: {}\r\nconnection: close\r\n\r\n",
            body.len()
        );
        socket.write_all(response.as_bytes()).await.expect("write");
        socket.write_all(&body).await.expect("write");
        socket.shutdown().await.expect("shutdown");
    }
}

#[tokio::test]
async fn transport_learns_long_poll_support_from_any_answer() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("address").port();
    let headers = [
        String::new(),
        format!("{LONG_POLL_HEADER}: 0\r\n"),
        format!("{LONG_POLL_HEADER}: 1\r\n"),
        String::new(),
    ];
    let server = tokio::spawn(serve(listener, headers.into()));

    let transport = Transport::new().expect("transport");
    let addr: ServerAddr = format!("parsec3://127.0.0.1:{port}?no_ssl=true")
        .parse()
        .expect("address");
    let cmds = AnonymousCmds::new(transport.clone(), &addr, &"Org".parse().expect("org"));
    let ping = || parsec_protocol::cmds::anonymous::ping::Req { ping: "x".into() }.dump();

    cmds.send_raw(ping())
        .await
        .expect("answer without the header");
    assert!(!transport.server_long_polls());
    cmds.send_raw(ping())
        .await
        .expect("answer with another value");
    assert!(!transport.server_long_polls());
    cmds.send_raw(ping()).await.expect("answer with the header");
    assert!(transport.server_long_polls());
    // Sticky, and shared by every clone of the transport.
    cmds.send_raw(ping())
        .await
        .expect("answer without the header");
    assert!(transport.server_long_polls());
    assert!(Transport::new().is_ok_and(|fresh| !fresh.server_long_polls()));
    server.await.expect("server task");
}
