//! `genesys emulator --user NAME:PASSWORD`: the users of the login page, and bad values refused without echoing
//! the password.

mod common;

use common::Emulator;

fn pending(page: &str) -> &str {
    let marker = "name=\"pending\" value=\"";
    let start = page.find(marker).expect("a pending field") + marker.len();
    page[start..].split('"').next().unwrap()
}

/// Posts the login form of a fresh login page of the demo PKCE client; the response.
fn sign_in(emulator: &Emulator, user: &str, password: &str) -> String {
    let login = common::http(
        &emulator.addr,
        &format!(
            "GET /oauth/authorize?client_id={}&response_type=code&redirect_uri=http%3A%2F%2F127.0.0.1%3A9%2Fcallback \
             HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n",
            "00000000-0000-4000-8000-00000000c11e"
        ),
    );
    assert!(login.starts_with("HTTP/1.1 200"), "{login}");
    let form = format!(
        "pending={}&username={user}&password={password}",
        pending(&login)
    );
    common::http(
        &emulator.addr,
        &format!(
            "POST /oauth/authorize HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{form}",
            form.len()
        ),
    )
}

#[test]
fn users_given_with_user_sign_in_beside_the_demo_user() {
    let emulator = Emulator::start(&["--user", "alice:pa:ss", "--user", "bob:builder"]);
    // The password is everything after the first ':' ("pa:ss", form-encoded).
    let consent = sign_in(&emulator, "alice", "pa%3Ass");
    assert!(consent.starts_with("HTTP/1.1 200"), "{consent}");
    assert!(consent.contains("id=\"allow\""), "{consent}");
    assert!(sign_in(&emulator, "bob", "builder").starts_with("HTTP/1.1 200"));
    assert!(sign_in(&emulator, "demo", "demo-password").starts_with("HTTP/1.1 200"));
    assert!(sign_in(&emulator, "alice", "pa").starts_with("HTTP/1.1 401"));
}

#[test]
fn a_malformed_user_is_refused_without_echoing_the_password() {
    for value in ["alice", ":secret-one", "alice:", "ali\u{7}ce:secret-two"] {
        let output = common::Genesys::new()
            .args(["emulator", "--listen", "127.0.0.1:0", "--user", value])
            .run();
        let stderr = &output.stderr;
        assert!(matches!(output.code, Some(2 | 3)), "{value:?}: {output:?}");
        assert!(stderr.contains("user"), "{value:?}: {stderr}");
        assert!(!stderr.contains("secret-"), "{value:?}: {stderr}");
    }
}
