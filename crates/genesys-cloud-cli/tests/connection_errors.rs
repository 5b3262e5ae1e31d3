//! Connection failures say why: the cause below "could not connect" reaches the one line on stderr.

mod common;

use std::net::TcpListener;

use common::Genesys;

#[test]
fn a_refused_connection_names_its_cause() {
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let refused = Genesys::new()
        .args([
            "--base-url",
            &format!("http://127.0.0.1:{port}"),
            "--accesstoken",
            "t",
        ])
        .args(["oauth", "scopes", "list"])
        .run();
    let line = refused.error(3);
    assert!(line.contains("could not connect"), "{line}");
    assert!(line.to_lowercase().contains("connection refused"), "{line}");
    // Each cause once: the library's messages do not repeat their sources.
    let parts: Vec<&str> = line.split(": ").collect();
    for (i, part) in parts.iter().enumerate() {
        assert!(!parts[i + 1..].contains(part), "{line}");
    }
}

#[test]
fn a_connection_error_names_the_url_its_cause_and_the_time_it_took() {
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let refused = Genesys::new()
        .args([
            "--base-url",
            &format!("http://127.0.0.1:{port}"),
            "--accesstoken",
            "t",
        ])
        .args(["oauth", "clients", "get", "c1"])
        .run();
    let line = refused.error(3);
    assert!(
        line.starts_with(&format!(
            "error: GET http://127.0.0.1:{port}/api/v2/oauth/clients/c1: connection refused, "
        )),
        "{line}"
    );
    assert!(line.contains("s in all: "), "{line}");

    // The token request is the one that failed: its URL is named.
    let token = Genesys::new()
        .args(["--base-url", &format!("http://127.0.0.1:{port}")])
        .env("GENESYSCLOUD_OAUTHCLIENT_ID", "me")
        .env("GENESYSCLOUD_OAUTHCLIENT_SECRET", "s3cr3t-value")
        .args(["oauth", "scopes", "list"])
        .run();
    let line = token.error(3);
    assert!(
        line.contains(&format!("POST http://127.0.0.1:{port}/oauth/token"))
            && line.contains("connection refused"),
        "{line}"
    );
    assert!(!line.contains("s3cr3t-value"), "{line}");
}

#[test]
fn timeout_bounds_a_call_to_a_silent_server() {
    // Connections are accepted (by the kernel) and never answered.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", silent.local_addr().unwrap());
    let started = std::time::Instant::now();
    let output = Genesys::new()
        .args(["--base-url", &url, "--accesstoken", "t", "--timeout", "1.5"])
        .args(["oauth", "scopes", "list"])
        .run();
    let took = started.elapsed();
    let line = output.error(3);
    assert!(
        took < std::time::Duration::from_secs(10),
        "{took:?}: {line}"
    );
    assert!(
        line.contains(&format!(
            "GET {url}/api/v2/oauth/scopes: no answer in time, 1."
        )) && line.contains("timed out after 1.5s"),
        "{line}"
    );

    for bad in ["0", "-1", "soon", "100000"] {
        let refused = Genesys::new()
            .args(["--timeout", bad, "--emulator", "oauth", "scopes", "list"])
            .run();
        assert_eq!(refused.code, Some(2), "{bad}: {refused:#?}");
    }
}

#[test]
fn a_server_that_does_not_speak_tls_is_a_tls_failure() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    // Answers every connection with plain text, as a port of the wrong service would; a bounded number of them.
    let server = std::thread::spawn(move || {
        use std::io::Write;
        for stream in listener.incoming().take(3) {
            let Ok(mut stream) = stream else { break };
            let _ = stream.write_all(b"SSH-2.0-not-tls\r\n");
        }
    });
    let output = Genesys::new()
        .args([
            "--base-url",
            &format!("https://localhost:{port}"),
            "--accesstoken",
            "t",
            "--timeout",
            "10",
        ])
        .args(["oauth", "scopes", "list"])
        .run();
    let line = output.error(3);
    assert!(
        line.starts_with(&format!(
            "error: GET https://localhost:{port}/api/v2/oauth/scopes: TLS handshake failed, "
        )),
        "{line}"
    );
    drop(server);
}
