//! The emulator under malformed and hostile HTTP keeps serving well-behaved clients. Its own tests
//! (`crates/genesys-cloud-emulator/tests/malformed.rs`) cover single garbage requests, one oversized header,
//! three partial requests held open and oversized bodies; these add what they do not: hundreds of stalled
//! connections while the executor runs a whole workflow, header floods, non-UTF-8 header values on every
//! authentication path, and garbage pipelined behind a valid request.

mod common;

use std::net::SocketAddr;
use std::time::Duration;

use genesys_cloud::models::{ClientState, GrantType, OAuthClientRequest};
use genesys_cloud_emulator::{Emulator, EmulatorConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Writes `bytes` and reads until the server closes or is quiet for a second; at most five seconds.
async fn exchange(addr: SocketAddr, bytes: &[u8]) -> String {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let _ = stream.write_all(bytes).await;
    let mut received = Vec::new();
    let mut buffer = [0u8; 8192];
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while tokio::time::Instant::now() < deadline {
        match tokio::time::timeout(Duration::from_secs(1), stream.read(&mut buffer)).await {
            Ok(Ok(n)) if n > 0 => received.extend_from_slice(&buffer[..n]),
            _ => break,
        }
    }
    String::from_utf8_lossy(&received).into_owned()
}

/// The status codes of the HTTP/1.1 responses in `text`, in order.
fn statuses(text: &str) -> Vec<u16> {
    text.match_indices("HTTP/1.1 ")
        .filter_map(|(at, _)| text.get(at + 9..at + 12)?.parse().ok())
        .collect()
}

/// A whole workflow through the executor: create, read, list, rotate, deactivate, delete.
async fn workflow(emulator: &Emulator, tag: &str) {
    let client = common::admin(emulator).build().unwrap();
    let created = client
        .post_oauth_clients(OAuthClientRequest::new(
            format!("hostile-{tag}"),
            GrantType::ClientCredentials,
        ))
        .await
        .unwrap();
    let id = created.id.unwrap();
    client.get_oauth_client(&id).await.unwrap();
    client.get_oauth_clients().await.unwrap();
    client.rotate_oauth_client_secret(&id).await.unwrap();
    let mut request =
        OAuthClientRequest::new(format!("hostile-{tag}"), GrantType::ClientCredentials);
    request.state = Some(ClientState::Inactive);
    client.put_oauth_client(&id, request).await.unwrap();
    client.delete_oauth_client(&id).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hundreds_of_stalled_connections_do_not_starve_a_workflow() {
    let emulator = common::emulator(EmulatorConfig::default()).await;
    let addr = emulator.local_addr();
    let mut stalled = Vec::new();
    for index in 0..200 {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        let partial: &[u8] = match index % 4 {
            0 => b"GET /api/v2/oauth/cli",
            1 => {
                b"POST /oauth/token HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\ngrant_type="
            }
            2 => b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
            _ => b"",
        };
        stream.write_all(partial).await.unwrap();
        stalled.push(stream);
    }
    // A slow-loris client trickles a header a byte at a time meanwhile.
    let trickle = tokio::spawn(async move {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        for byte in b"GET /api/v2/oauth/scopes HTTP/1.1\r\nX-Slow: "
            .iter()
            .chain([b'a'; 200].iter())
        {
            if stream.write_all(&[*byte]).await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    });
    tokio::time::timeout(Duration::from_secs(20), workflow(&emulator, "stalled"))
        .await
        .expect("the workflow finishes while 200 connections stall");
    drop(stalled);
    trickle.abort();
    workflow(&emulator, "after").await;
    emulator.shutdown().await;
}

#[tokio::test]
async fn header_floods_and_huge_request_lines_get_a_4xx_or_a_close() {
    let emulator = common::emulator(EmulatorConfig::default()).await;
    let addr = emulator.local_addr();
    let many_headers: String = (0..2000).map(|i| format!("X-H{i}: v\r\n")).collect();
    let long_line = format!(
        "GET /api/v2/oauth/scopes/{} HTTP/1.1\r\nHost: x\r\n\r\n",
        "a".repeat(1 << 20)
    );
    for request in [
        format!("GET /api/v2/oauth/scopes HTTP/1.1\r\nHost: x\r\n{many_headers}\r\n"),
        long_line,
        format!(
            "GET /api/v2/oauth/scopes HTTP/1.1\r\nHost: x\r\nCookie: {}\r\n\r\n",
            "c=1; ".repeat(100_000)
        ),
    ] {
        let answer = exchange(addr, request.as_bytes()).await;
        let codes = statuses(&answer);
        assert!(
            codes.iter().all(|code| (400..500).contains(code)),
            "{codes:?}"
        );
        workflow(&emulator, "floods").await;
    }
    emulator.shutdown().await;
}

#[tokio::test]
async fn non_utf8_header_values_are_refused_without_harm() {
    let emulator = common::emulator(EmulatorConfig::default()).await;
    let addr = emulator.local_addr();
    let requests: [&[u8]; 5] = [
        b"GET /api/v2/oauth/clients HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \xff\xfe\x80\r\nConnection: close\r\n\r\n",
        b"GET /api/v2/oauth/clients HTTP/1.1\r\nHost: x\r\nAuthorization: \xc3\x28\r\nConnection: close\r\n\r\n",
        b"POST /oauth/token HTTP/1.1\r\nHost: x\r\nAuthorization: Basic \xff\xff\xff\xff\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 29\r\nConnection: close\r\n\r\ngrant_type=client_credentials",
        b"POST /oauth/token HTTP/1.1\r\nHost: x\r\nContent-Type: \xff/\xfe\r\nContent-Length: 29\r\nConnection: close\r\n\r\ngrant_type=client_credentials",
        b"GET /api/v2/oauth/scopes HTTP/1.1\r\nHost: \xff\xfe\r\nAccept-Language: \x80\x81\r\nConnection: close\r\n\r\n",
    ];
    for request in requests {
        let answer = exchange(addr, request).await;
        let codes = statuses(&answer);
        // Refused (4xx), or answered as the public scope list is; never a 5xx.
        assert!(
            !codes.is_empty() && codes.iter().all(|code| *code < 500),
            "{:?} got {answer:?}",
            String::from_utf8_lossy(request)
        );
    }
    workflow(&emulator, "utf8").await;
    emulator.shutdown().await;
}

#[tokio::test]
async fn garbage_pipelined_behind_a_valid_request_affects_only_its_connection() {
    let emulator = common::emulator(EmulatorConfig::default()).await;
    let addr = emulator.local_addr();
    let answer = exchange(
        addr,
        b"GET /api/v2/oauth/scopes HTTP/1.1\r\nHost: x\r\n\r\n\x00\x01garbage \xff\r\n\r\nGET /api/v2/oauth/scopes HTTP/1.1\r\nHost: x\r\n\r\n",
    )
    .await;
    let codes = statuses(&answer);
    // The valid request is answered as usual (401: it carries no token), then the garbage gets a 400 and a close.
    assert_eq!(codes.first(), Some(&401), "{answer:?}");
    assert!(answer.contains("authentication.required"), "{answer:?}");
    assert!(
        codes[1..].iter().all(|code| (400..500).contains(code)),
        "{codes:?}"
    );
    workflow(&emulator, "pipelined").await;
    emulator.shutdown().await;
}
