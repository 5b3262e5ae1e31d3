//! A secret given by flag, environment variable, profile or secret file never appears in `--verbose` traces or
//! in error lines, whether the login fails or succeeds; new secrets appear on stdout only.

mod common;

use common::{ADMIN_ID, Emulator, Genesys, Output, temp_dir};

/// The emulator's admin secret in these tests: distinctive, so that any leak is found.
const ADMIN_SECRET: &str = "Adm1n-S3cret-for-leak-tests";
const WRONG: &str = "Wr0ng-S3cret-for-leak-tests";

fn emulator() -> Emulator {
    Emulator::start(&["--client-secret", ADMIN_SECRET])
}

#[track_caller]
fn assert_hidden(output: &Output, secrets: &[&str]) {
    for secret in secrets {
        assert!(
            !output.stderr.contains(secret),
            "stderr shows a secret: {output:#?}"
        );
        assert!(
            !output.stdout.contains(secret),
            "stdout shows a secret: {output:#?}"
        );
    }
}

/// The four ways to give a secret, each as a command (with --verbose) that lists scopes.
fn by_each_path(emulator: &Emulator, secret: &str) -> Vec<(&'static str, Genesys)> {
    let base = ["--base-url", emulator.base_url.as_str()];
    let list = ["--verbose", "oauth", "scopes", "list"];
    let file = temp_dir("secret-file").join("secret");
    std::fs::write(&file, secret).unwrap();
    let home = temp_dir("secret-home");
    std::fs::create_dir_all(home.join(".gc")).unwrap();
    std::fs::write(
        home.join(".gc/config.toml"),
        format!(
            "[DEFAULT]\nenvironment = \"{}\"\nclient_credentials = \"{ADMIN_ID}\"\nclient_secret = \"{secret}\"\n",
            emulator.base_url
        ),
    )
    .unwrap();
    vec![
        (
            "flag",
            Genesys::new()
                .args(base)
                .args(["--clientid", ADMIN_ID, "--clientsecret", secret])
                .args(list),
        ),
        (
            "environment",
            Genesys::new()
                .env("GENESYSCLOUD_BASE_URL", &emulator.base_url)
                .env("GENESYSCLOUD_OAUTHCLIENT_ID", ADMIN_ID)
                .env("GENESYSCLOUD_OAUTHCLIENT_SECRET", secret)
                .args(list),
        ),
        ("profile", Genesys::new().home(&home).args(list)),
        (
            "secret file",
            Genesys::new()
                .args(base)
                .args(["--clientid", ADMIN_ID, "--clientsecret-file"])
                .arg_path(&file)
                .args(list),
        ),
        (
            "secret on stdin",
            Genesys::new()
                .args(base)
                .args(["--clientid", ADMIN_ID, "--clientsecret-file", "-"])
                .args(list)
                .stdin(format!("{secret}\n")),
        ),
    ]
}

#[test]
fn a_wrong_secret_fails_login_with_one_line_that_does_not_show_it() {
    let emulator = emulator();
    for (path, command) in by_each_path(&emulator, WRONG) {
        let output = command.run();
        let line = output.error(3);
        assert!(
            line.starts_with("error: could not get an access token: HTTP 401 invalid_client: "),
            "{path}: {line}"
        );
        assert!(line.contains("(correlation id "), "{path}: {line}");
        assert!(
            output.stderr.contains("genesys_request"),
            "{path}: traced: {output:#?}"
        );
        assert_hidden(&output, &[WRONG]);
    }
}

#[test]
fn a_right_secret_is_never_traced() {
    let emulator = emulator();
    for (path, command) in by_each_path(&emulator, ADMIN_SECRET) {
        // Each path fetches its own token: without the cache, the second would reuse the first one's.
        let output = command.args(["--no-token-cache"]).run();
        output.json();
        for expected in [
            "genesys_request",
            "/oauth/token",
            "/api/v2/oauth/scopes",
            "status=200",
            "correlation_id=",
        ] {
            assert!(
                output.stderr.contains(expected),
                "{path}: {expected}: {output:#?}"
            );
        }
        assert_hidden(&output, &[ADMIN_SECRET]);
    }
}

#[test]
fn an_access_token_is_never_traced_nor_printed_in_errors() {
    let emulator = emulator();
    let token = emulator.admin_token_with(ADMIN_SECRET);
    let by_env = Genesys::new()
        .env("GENESYSCLOUD_BASE_URL", &emulator.base_url)
        .env("GENESYSCLOUD_ACCESS_TOKEN", &token)
        .args(["-v", "oauth", "clients", "list"])
        .run();
    by_env.json();
    assert!(by_env.stderr.contains("genesys_request"));
    assert_hidden(&by_env, &[&token]);
    let by_flag = Genesys::new()
        .args([
            "--base-url",
            &emulator.base_url,
            "--accesstoken",
            &token,
            "-v",
        ])
        .args(["oauth", "clients", "get", "missing"])
        .run();
    by_flag.error(1);
    assert_hidden(&by_flag, &[&token]);
    let revoked = format!("{token}-not-valid");
    let bad = Genesys::new()
        .env("GENESYSCLOUD_BASE_URL", &emulator.base_url)
        .env("GENESYSCLOUD_ACCESS_TOKEN", &revoked)
        .args(["-v", "oauth", "clients", "list"])
        .run();
    assert!(bad.error(1).starts_with("error: HTTP 401 "), "{bad:?}");
    assert_hidden(&bad, &[&revoked]);
}

#[test]
fn new_secrets_go_to_stdout_only() {
    let emulator = emulator();
    let genesys = || {
        Genesys::new()
            .env("GENESYSCLOUD_BASE_URL", &emulator.base_url)
            .env("GENESYSCLOUD_OAUTHCLIENT_ID", ADMIN_ID)
            .env("GENESYSCLOUD_OAUTHCLIENT_SECRET", ADMIN_SECRET)
    };
    let created = genesys()
        .args([
            "-v",
            "oauth",
            "clients",
            "create",
            "--name",
            "Leak check",
            "--grant-type",
            "CODE",
        ])
        .args(["--redirect-uri", "https://x.example/cb"])
        .run();
    let secret = created.json()["secret"].as_str().unwrap().to_owned();
    assert!(!created.stderr.contains(&secret), "{created:#?}");
    let id = created.json()["id"].as_str().unwrap().to_owned();
    for format in ["json", "table"] {
        let rotated = genesys()
            .args([
                "-v", "-o", format, "oauth", "clients", "secret", "create", &id,
            ])
            .run();
        assert!(rotated.ok().len() > 20);
        assert!(
            rotated.stderr.contains("postOauthClientSecret"),
            "{rotated:#?}"
        );
        for line in rotated.stdout.lines() {
            let words: Vec<&str> = line
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|word| word.len() >= 30)
                .collect();
            for word in words {
                assert!(!rotated.stderr.contains(word), "{rotated:#?}");
            }
        }
    }
}

#[test]
fn usage_errors_do_not_echo_a_secret_given_on_the_command_line() {
    for args in [
        &["--clientsecret", WRONG, "oauth", "clients", "frobnicate"][..],
        &[
            "--clientsecret",
            WRONG,
            "--clientsecret",
            WRONG,
            "oauth",
            "scopes",
            "list",
        ],
        &[
            "--clientsecret",
            WRONG,
            "--accesstoken",
            WRONG,
            "oauth",
            "scopes",
            "list",
        ],
        &[
            "--accesstoken",
            WRONG,
            "oauth",
            "scopes",
            "list",
            "--output",
            "xml",
        ],
    ] {
        let output = Genesys::new().args(args).run();
        assert_eq!(output.code, Some(2), "{args:?}: {output:#?}");
        assert_hidden(&output, &[WRONG]);
    }
    // A secret that starts with a dash is a value, not an unknown option echoed back.
    let output = Genesys::new()
        .args([
            "--clientid",
            "x",
            "--clientsecret",
            "-Dash-S3cret-value",
            "--base-url",
        ])
        .args(["http://127.0.0.1:1", "oauth", "scopes", "list"])
        .run();
    output.error(3);
    assert_hidden(&output, &["-Dash-S3cret-value"]);
}
