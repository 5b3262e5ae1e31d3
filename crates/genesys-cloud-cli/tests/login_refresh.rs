//! A cached login whose access token has expired is renewed with its refresh token (a public client's refresh:
//! `client_id` in the form, no secret), and the rotated refresh token is kept. A small token server on 127.0.0.1
//! plays the platform here, to see the exact form sent; tests/login.rs renews against the emulator.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::{Arc, Mutex};

use common::{Genesys, temp_dir};

/// What the server was asked: method and path, the Authorization header, the body.
type Seen = Arc<Mutex<Vec<(String, Option<String>, String)>>>;

/// Serves up to `max` requests, one per connection: a refresh grant answers a new token and refresh token, the
/// scopes listing answers an empty page for the new token only.
fn serve(max: usize) -> (String, Seen) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let seen: Seen = Arc::default();
    let record = Arc::clone(&seen);
    std::thread::spawn(move || {
        for stream in listener.incoming().take(max) {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            let target = line.split(' ').take(2).collect::<Vec<_>>().join(" ");
            let (mut length, mut authorization) = (0usize, None);
            loop {
                let mut header = String::new();
                reader.read_line(&mut header).unwrap();
                let header = header.trim_end();
                if header.is_empty() {
                    break;
                }
                let (name, value) = header.split_once(':').unwrap();
                match name.to_ascii_lowercase().as_str() {
                    "content-length" => length = value.trim().parse().unwrap(),
                    "authorization" => authorization = Some(value.trim().to_owned()),
                    _ => {}
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            let body = String::from_utf8(body).unwrap();
            let (status, reply) =
                if target == "POST /oauth/token" && body.contains("refresh_token=r1") {
                    (
                        200,
                        r#"{"access_token":"new-access","expires_in":3600,"refresh_token":"r2"}"#,
                    )
                } else if target.starts_with("GET /api/v2/oauth/scopes")
                    && authorization.as_deref() == Some("Bearer new-access")
                {
                    (
                        200,
                        r#"{"entities":[],"pageSize":25,"pageNumber":1,"total":0}"#,
                    )
                } else {
                    (
                        401,
                        r#"{"status":401,"code":"bad.credentials","message":"no"}"#,
                    )
                };
            record.lock().unwrap().push((target, authorization, body));
            let _ = write!(
                stream,
                "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{reply}",
                reply.len()
            );
        }
    });
    (base, seen)
}

/// Writes `text` as the token cache, mode 0600 as the CLI requires.
fn write_cache(home: &Path, text: &str) {
    let path = home.join(".gc/genesys-tokens.json");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
        .open(path)
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
}

#[test]
fn an_expired_login_is_renewed_with_its_refresh_token_and_the_new_one_kept() {
    let (base, seen) = serve(8);
    let home = temp_dir("refresh");
    std::fs::create_dir_all(home.join(".gc")).unwrap();
    std::fs::write(
        home.join(".gc/config.toml"),
        format!("[pub]\nenvironment = \"{base}\"\nclient_credentials = \"public-id\"\ngrant_type = \"3\"\n"),
    )
    .unwrap();
    write_cache(
        &home,
        &format!(
            r#"{{"version":1,"entries":[{{"environment":"{base}","clientId":"public-id","profile":"pub",
            "kind":"login","accessToken":"old-access","refreshToken":"r1","expiresAt":1}}]}}"#
        ),
    );
    let out = Genesys::new()
        .home(&home)
        .args(["-p", "pub", "oauth", "scopes", "list"])
        .run();
    out.ok();
    let seen = seen.lock().unwrap().clone();
    let (target, authorization, body) = &seen[0];
    assert_eq!(target, "POST /oauth/token");
    assert_eq!(authorization, &None, "a public client sends no secret");
    assert!(
        body.contains("grant_type=refresh_token") && body.contains("client_id=public-id"),
        "{body}"
    );
    assert_eq!(seen.len(), 2, "{seen:?}");
    let cache = std::fs::read_to_string(home.join(".gc/genesys-tokens.json")).unwrap();
    assert!(
        cache.contains("\"r2\"") && cache.contains("new-access"),
        "{cache}"
    );
    assert!(!cache.contains("old-access"), "{cache}");
}

#[test]
fn a_refused_refresh_says_to_sign_in_again() {
    let (base, _seen) = serve(4);
    let home = temp_dir("refresh-refused");
    std::fs::create_dir_all(home.join(".gc")).unwrap();
    std::fs::write(
        home.join(".gc/config.toml"),
        format!("[DEFAULT]\nenvironment = \"{base}\"\nclient_credentials = \"public-id\"\n"),
    )
    .unwrap();
    write_cache(
        &home,
        &format!(
            r#"{{"version":1,"entries":[{{"environment":"{base}","clientId":"public-id","profile":"DEFAULT",
            "kind":"login","accessToken":"old-access","refreshToken":"revoked","expiresAt":1}}]}}"#
        ),
    );
    let out = Genesys::new()
        .home(&home)
        .args(["oauth", "scopes", "list"])
        .run();
    let line = out.error(3);
    assert!(line.contains("could not get an access token"), "{line}");
    assert!(line.contains("genesys login --profile DEFAULT"), "{line}");
    assert!(
        !line.contains("revoked"),
        "the refresh token is not shown: {line}"
    );
}
