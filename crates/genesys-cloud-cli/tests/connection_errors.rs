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
