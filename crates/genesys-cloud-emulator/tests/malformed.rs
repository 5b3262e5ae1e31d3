//! Hostile and broken input: each gets a 4xx or a closed connection, and the server keeps serving.

mod common;

use std::net::SocketAddr;
use std::time::Duration;

use common::*;
use genesys_cloud_emulator::EmulatorConfig;
use http::Method;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Sends raw bytes and reads until the server closes the connection or goes quiet.
async fn raw_exchange(addr: SocketAddr, bytes: &[u8]) -> Vec<u8> {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let _ = stream.write_all(bytes).await;
    let mut received = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut received)).await;
    received
}

fn status_line(response: &[u8]) -> String {
    String::from_utf8_lossy(response)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// Whether an HTTP/2 answer holds a GOAWAY frame (type 7), the HTTP/2 way of refusing a broken connection.
fn has_h2_goaway(mut bytes: &[u8]) -> bool {
    while bytes.len() >= 9 {
        let length =
            usize::from(bytes[0]) << 16 | usize::from(bytes[1]) << 8 | usize::from(bytes[2]);
        if bytes[3] == 7 {
            return true;
        }
        bytes = bytes.get(9 + length..).unwrap_or_default();
    }
    false
}

async fn still_serving(http: &Http) {
    let admin = http.token("emulator-admin", "emulator-admin-secret").await;
    assert_eq!(http.get("/api/v2/oauth/clients", &admin).await.status, 200);
}

#[tokio::test]
async fn garbage_bytes_get_a_4xx_or_a_closed_connection() {
    let (emulator, http) = start(EmulatorConfig::default()).await;
    let addr = emulator.local_addr();
    for garbage in [
        &b"\x00\x01\x02\x03garbage\r\n\r\n"[..],
        b"GET /api/v2/oauth/clients HTTP/9.9\r\n\r\n",
        b"GET  HTTP/1.1\r\nHost: x\r\n\r\n",
        b"POST /oauth/token HTTP/1.1\r\nContent-Length: abc\r\n\r\n",
        b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\xff\xff\xff\xff\xff\xff\xff\xff\xff",
        b"\xff\xfe\xfd\r\n",
    ] {
        let response = raw_exchange(addr, garbage).await;
        let line = status_line(&response);
        assert!(
            response.is_empty() || line.starts_with("HTTP/1.1 400") || has_h2_goaway(&response),
            "{:?} got {:?}",
            String::from_utf8_lossy(garbage),
            String::from_utf8_lossy(&response)
        );
        still_serving(&http).await;
    }
    let huge_header = format!(
        "GET /api/v2/oauth/scopes HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Big: {}\r\n\r\n",
        "a".repeat(200_000)
    );
    let line = status_line(&raw_exchange(addr, huge_header.as_bytes()).await);
    assert!(line.is_empty() || line.starts_with("HTTP/1.1 4"), "{line}");
    still_serving(&http).await;
    emulator.shutdown().await;
}

#[tokio::test]
async fn partial_requests_held_open_do_not_block_others() {
    let (emulator, http) = start(EmulatorConfig::default()).await;
    let addr = emulator.local_addr();
    let mut half_head = TcpStream::connect(addr).await.unwrap();
    half_head.write_all(b"GET /api/v2/oauth/cli").await.unwrap();
    let mut half_body = TcpStream::connect(addr).await.unwrap();
    half_body
        .write_all(b"POST /api/v2/oauth/clients HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"na")
        .await
        .unwrap();
    let silent = TcpStream::connect(addr).await.unwrap();
    for _ in 0..10 {
        still_serving(&http).await;
    }
    drop((half_head, half_body, silent));
    still_serving(&http).await;
    emulator.shutdown().await;
}

#[tokio::test]
async fn oversized_chunked_body_gets_413() {
    let (emulator, http) = start(EmulatorConfig::default()).await;
    let admin = admin_token(&emulator, &http).await;
    let mut request = format!(
        "POST /api/v2/oauth/clients HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {admin}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    .into_bytes();
    let chunk = vec![b' '; 64 * 1024];
    for _ in 0..20 {
        request.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        request.extend_from_slice(&chunk);
        request.extend_from_slice(b"\r\n");
    }
    request.extend_from_slice(b"0\r\n\r\n");
    let mut stream = TcpStream::connect(emulator.local_addr()).await.unwrap();
    stream.write_all(&request).await.unwrap();
    let mut received = vec![0u8; 4096];
    let n = tokio::time::timeout(REQUEST_DEADLINE, stream.read(&mut received))
        .await
        .unwrap()
        .unwrap();
    let text = String::from_utf8_lossy(&received[..n]);
    assert!(text.starts_with("HTTP/1.1 413"), "{text}");
    assert!(text.contains("request.entity.too.large"), "{text}");
    assert!(text.to_ascii_lowercase().contains("inin-correlation-id"));
    still_serving(&http).await;
    emulator.shutdown().await;
}

#[tokio::test]
async fn bad_json_and_bad_forms_get_400_with_a_body() {
    let (emulator, http) = start(EmulatorConfig::default()).await;
    let admin = admin_token(&emulator, &http).await;
    let auth = format!("Bearer {admin}");
    let headers = [
        ("authorization", auth.as_str()),
        ("content-type", "application/json"),
    ];
    for body in [
        &b"{"[..],
        b"{\"name\": \"x\",}",
        b"\xff\xfe{}",
        b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
        b"{\"name\": \"\\ud800\", \"authorizedGrantType\": \"CODE\"",
    ] {
        let response = http.send(Method::POST, "/api/v2/oauth/clients", &headers, body.to_vec()).await;
        response.assert_error(400, "bad.request");
    }
    let query = http
        .send(
            Method::POST,
            "/api/v2/oauth/clients/emulator-admin/usage/query",
            &headers,
            "{\"interval\": 5}",
        )
        .await;
    query.assert_error(400, "invalid.value");
    assert_eq!(query.fields(), ["interval"]);

    let form = [("content-type", "application/x-www-form-urlencoded")];
    for body in [&b""[..], b"=&=&", b"\xff\xff\xff", b"grant_type"] {
        let response = http
            .send(Method::POST, "/oauth/token", &form, body.to_vec())
            .await;
        assert_eq!(response.status, 400, "{:?}", String::from_utf8_lossy(body));
        assert_eq!(response.json()["error"], "invalid_request");
    }
    still_serving(&http).await;
    emulator.shutdown().await;
}
