//! Where target and credentials come from (flags, environment, a gc profile in a temporary HOME), what
//! happens with none, and the exit statuses of configuration, connection and usage errors.

mod common;

use std::net::TcpListener;

use common::{ADMIN_ID, ADMIN_SECRET, Emulator, Genesys, temp_dir};

/// A HOME whose ~/.gc/config.toml holds `text`.
fn home_with_profiles(text: &str) -> std::path::PathBuf {
    let home = temp_dir("profile-home");
    std::fs::create_dir_all(home.join(".gc")).unwrap();
    std::fs::write(home.join(".gc").join("config.toml"), text).unwrap();
    home
}

fn profiles(base_url: &str, default_secret: &str) -> String {
    format!(
        "[DEFAULT]\nenvironment = \"{base_url}\"\nclient_credentials = \"{ADMIN_ID}\"\nclient_secret = \"{default_secret}\"\n\n\
         [ci]\nenvironment = \"{base_url}\"\nclient_credentials = \"{ADMIN_ID}\"\nclient_secret = \"{ADMIN_SECRET}\"\n"
    )
}

#[test]
fn with_nothing_configured_the_message_says_how_and_mentions_the_emulator() {
    let output = Genesys::new().args(["oauth", "clients", "list"]).run();
    let line = output.error(3);
    for expected in [
        "no credentials configured",
        "--clientid",
        "GENESYSCLOUD_OAUTHCLIENT_ID",
        "GENESYSCLOUD_OAUTHCLIENT_SECRET",
        "GENESYSCLOUD_REGION",
        ".gc/config.toml",
        "--emulator",
    ] {
        assert!(line.contains(expected), "{expected}: {line}");
    }
}

#[test]
fn a_profile_supplies_everything_and_is_chosen_with_profile() {
    let emulator = Emulator::start(&[]);
    let home = home_with_profiles(&profiles(&emulator.base_url, ADMIN_SECRET));
    let list = Genesys::new()
        .home(&home)
        .args(["oauth", "clients", "list"])
        .run();
    assert_eq!(list.json()["entities"].as_array().unwrap().len(), 14);

    // DEFAULT has a wrong secret; `-p ci` has the right one.
    let home = home_with_profiles(&profiles(&emulator.base_url, "wrong-secret"));
    let default = Genesys::new()
        .home(&home)
        .args(["oauth", "scopes", "list"])
        .run();
    assert!(default.error(3).contains("401 invalid_client"));
    let named = Genesys::new()
        .home(&home)
        .args(["-p", "ci", "oauth", "scopes", "list"])
        .run();
    named.json();
    let long = Genesys::new()
        .home(&home)
        .args(["oauth", "scopes", "list", "--profile", "ci"])
        .run();
    long.json();
    let missing = Genesys::new()
        .home(&home)
        .args(["--profile", "nope", "oauth", "scopes", "list"])
        .run();
    assert!(missing.error(3).contains("no profile `nope`"));
    let broken = home_with_profiles("[DEFAULT]\nclient_secret = unquoted-secret\n");
    let output = Genesys::new()
        .home(&broken)
        .args(["oauth", "scopes", "list"])
        .run();
    // The parser's message keeps its line breaks: the error is its first line and what follows, indented.
    assert_eq!(output.code, Some(3), "{output:#?}");
    let text = &output.stderr;
    assert!(
        text.starts_with("error: ")
            && text.contains("not valid TOML at line 2")
            && !text.contains("unquoted-secret"),
        "{text}"
    );
    assert!(
        text.lines().skip(1).all(|line| line.starts_with("  ")),
        "{text}"
    );
}

#[test]
fn the_environment_beats_the_profile_and_flags_beat_the_environment() {
    let emulator = Emulator::start(&[]);
    let home = home_with_profiles(&profiles("http://127.0.0.1:9", "wrong-secret"));
    // Environment over profile: target, and client id with its secret.
    let output = Genesys::new()
        .home(&home)
        .env("GENESYSCLOUD_REGION", &emulator.base_url)
        .env("GENESYSCLOUD_OAUTHCLIENT_ID", ADMIN_ID)
        .env("GENESYSCLOUD_OAUTHCLIENT_SECRET", ADMIN_SECRET)
        .args(["oauth", "clients", "get", ADMIN_ID])
        .run();
    assert_eq!(output.json()["id"], ADMIN_ID);
    // An environment secret is not paired with the profile's client id.
    let output = Genesys::new()
        .home(&home)
        .env("GENESYSCLOUD_REGION", &emulator.base_url)
        .env("GENESYSCLOUD_OAUTHCLIENT_SECRET", ADMIN_SECRET)
        .args(["oauth", "clients", "get", ADMIN_ID])
        .run();
    assert!(output.error(3).contains("same source"), "{output:?}");
    // Flags over environment.
    let secret_file = temp_dir("secret").join("secret.txt");
    std::fs::write(&secret_file, format!("{ADMIN_SECRET}\n")).unwrap();
    let output = Genesys::new()
        .home(&home)
        .env("GENESYSCLOUD_REGION", "http://127.0.0.1:9")
        .env("GENESYSCLOUD_OAUTHCLIENT_ID", "someone-else")
        .env("GENESYSCLOUD_OAUTHCLIENT_SECRET", "wrong-secret")
        .args([
            "--environment",
            &emulator.base_url,
            "--clientid",
            ADMIN_ID,
            "--clientsecret-file",
        ])
        .arg_path(&secret_file)
        .args(["oauth", "clients", "get", ADMIN_ID])
        .run();
    assert_eq!(output.json()["id"], ADMIN_ID);
    // The secret from standard input.
    let output = Genesys::new()
        .args([
            "--base-url",
            &emulator.base_url,
            "--clientid",
            ADMIN_ID,
            "--clientsecret-file",
            "-",
        ])
        .args(["oauth", "scopes", "list"])
        .stdin(format!("{ADMIN_SECRET}\n"))
        .run();
    output.json();
    // Standard input cannot carry the secret and a body.
    let output = Genesys::new()
        .args([
            "--base-url",
            &emulator.base_url,
            "--clientid",
            ADMIN_ID,
            "--clientsecret-file",
            "-",
        ])
        .args(["oauth", "clients", "create", "-f", "-"])
        .stdin(format!("{ADMIN_SECRET}\n"))
        .run();
    assert!(output.error(2).contains("standard input"));
}

#[test]
fn an_access_token_from_a_flag_or_the_environment_is_used_as_is() {
    let emulator = Emulator::start(&[]);
    let token = emulator.admin_token();
    let output = Genesys::new()
        .env("GENESYSCLOUD_BASE_URL", &emulator.base_url)
        .env("GENESYSCLOUD_ACCESS_TOKEN", &token)
        .args(["oauth", "clients", "get", ADMIN_ID])
        .run();
    assert_eq!(output.json()["id"], ADMIN_ID);
    let output = Genesys::new()
        .args(["--base-url", &emulator.base_url, "--accesstoken", &token])
        .args(["oauth", "authorizations", "list"])
        .run();
    output.json();
    let conflict = Genesys::new()
        .args([
            "--accesstoken",
            "t",
            "--clientid",
            "x",
            "oauth",
            "scopes",
            "list",
        ])
        .run();
    assert_eq!(conflict.code, Some(2), "{conflict:?}");
}

#[test]
fn the_embedded_emulator_serves_the_command() {
    let output = Genesys::new()
        .env("GENESYSCLOUD_OAUTHCLIENT_SECRET", "would-be-wrong")
        .args([
            "--emulator",
            "oauth",
            "clients",
            "list",
            "--output",
            "table",
        ])
        .run();
    let text = output.ok();
    assert!(
        text.contains("Emulator Admin") && text.contains("Quality Review Portal"),
        "{text}"
    );
    let conflict = Genesys::new()
        .args([
            "--emulator",
            "--base-url",
            "http://127.0.0.1:1",
            "oauth",
            "scopes",
            "list",
        ])
        .run();
    assert_eq!(conflict.code, Some(2), "{conflict:?}");
}

#[test]
fn connection_configuration_and_usage_errors_have_their_exit_statuses() {
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
    assert!(refused.error(3).contains("transport error"), "{refused:?}");

    let plain_http = Genesys::new()
        .args(["--base-url", "http://api.example.com", "--accesstoken", "t"])
        .args(["oauth", "scopes", "list"])
        .run();
    assert!(plain_http.error(3).contains("plain http"), "{plain_http:?}");
    let unknown = Genesys::new()
        .env("GENESYSCLOUD_ACCESS_TOKEN", "t")
        .args(["--environment", "nowhere", "oauth", "scopes", "list"])
        .run();
    assert!(unknown.error(3).contains("nowhere"));
    let half = Genesys::new()
        .args(["--clientid", "x", "oauth", "scopes", "list"])
        .run();
    assert!(half.error(3).contains("has no secret"));

    for args in [
        &["oauth", "clients", "get"][..],
        &["oauth", "clients", "frobnicate"],
        &["--output", "xml", "oauth", "scopes", "list"],
        &[
            "--clientsecret",
            "a",
            "--clientsecret-file",
            "b",
            "oauth",
            "scopes",
            "list",
        ],
        &["oauth", "clients", "create", "--role-division", "no-colon"],
        &[
            "oauth", "clients", "usage", "summary", "get", "x", "--days", "0",
        ],
    ] {
        let output = Genesys::new().args(args).run();
        assert_eq!(output.code, Some(2), "{args:?}: {output:?}");
        assert!(output.stdout.is_empty());
    }
}

#[test]
fn help_names_method_path_permissions_and_the_risk_of_secrets_on_the_command_line() {
    let help = Genesys::new()
        .args(["oauth", "clients", "get", "--help"])
        .run();
    let text = help.ok();
    assert!(
        text.contains("GET /api/v2/oauth/clients/{clientId} (getOauthClient)"),
        "{text}"
    );
    assert!(text.contains("permission: oauth:client:view"), "{text}");
    let help = Genesys::new()
        .args(["oauth", "clients", "usage", "query", "run", "-h"])
        .run();
    let text = help.ok();
    assert!(
        text.contains("POST /api/v2/oauth/clients/{clientId}/usage/query"),
        "{text}"
    );
    assert!(text.contains("usage:client:view"), "{text}");
    let help = Genesys::new().args(["--help"]).run();
    let text = help.ok();
    for expected in [
        "--clientsecret-file",
        "visible to other users",
        "GENESYSCLOUD_ACCESS_TOKEN",
        "config.toml",
        "--emulator",
    ] {
        assert!(text.contains(expected), "{expected}: {text}");
    }
}

#[test]
fn completions_are_printed_for_bash_zsh_and_fish() {
    for shell in ["bash", "zsh", "fish"] {
        let output = Genesys::new().args(["completions", shell]).run();
        let script = output.ok();
        assert!(
            script.contains("genesys") && script.contains("clientsecret-file"),
            "{shell}"
        );
        assert!(script.contains("autopaginate"), "{shell}");
    }
    assert_eq!(
        Genesys::new().args(["completions", "tcsh"]).run().code,
        Some(2)
    );
}

/// A listener on 127.0.0.1 that records every connection and what it received, standing in for whatever
/// happens to listen where a stale environment variable points.
struct Recorder {
    url: String,
    seen: std::sync::Arc<std::sync::Mutex<Vec<u8>>>,
    connections: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl Recorder {
    fn start() -> Self {
        use std::io::Read;
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let connections = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let (seen_in, connections_in) = (seen.clone(), connections.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                connections_in.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let _ = stream.set_read_timeout(Some(std::time::Duration::from_secs(2)));
                let mut buf = [0u8; 4096];
                // Reads what comes, then drops the connection: the client sees a transport error.
                if let Ok(n) = stream.read(&mut buf) {
                    seen_in.lock().unwrap().extend_from_slice(&buf[..n]);
                }
            }
        });
        Self {
            url,
            seen,
            connections,
        }
    }

    fn connections(&self) -> usize {
        self.connections.load(std::sync::atomic::Ordering::SeqCst)
    }

    fn received(&self) -> String {
        String::from_utf8_lossy(&self.seen.lock().unwrap()).into_owned()
    }
}

#[test]
fn credentials_and_target_from_different_sources_are_refused() {
    const SECRET: &str = "profile-real-secret-Qm7";
    const FLAG_SECRET: &str = "flag-real-secret-Zr4";
    const ENV_SECRET: &str = "env-real-secret-Kp2";
    let recorder = Recorder::start();
    let profile_region = home_with_profiles(&format!(
        "[DEFAULT]\nenvironment = \"mypurecloud.ie\"\nclient_credentials = \"prod-id\"\nclient_secret = \"{SECRET}\"\n"
    ));
    let profile_no_region = home_with_profiles(&format!(
        "[DEFAULT]\nclient_credentials = \"prod-id\"\nclient_secret = \"{SECRET}\"\n"
    ));
    let profile_target_only =
        home_with_profiles(&format!("[DEFAULT]\nenvironment = \"{}\"\n", recorder.url));
    let list = ["oauth", "clients", "list"];
    // (what, command, the two sources the message must name)
    let cases: Vec<(&str, Genesys, [&str; 2])> = vec![
        (
            "profile credentials, base URL from the environment",
            Genesys::new()
                .home(&profile_region)
                .env("GENESYSCLOUD_BASE_URL", &recorder.url)
                .args(list),
            ["profile `DEFAULT`", "GENESYSCLOUD_BASE_URL"],
        ),
        (
            "profile credentials without a region, region (a URL) from the environment",
            Genesys::new()
                .home(&profile_no_region)
                .env("GENESYSCLOUD_REGION", &recorder.url)
                .args(list),
            ["profile `DEFAULT`", "GENESYSCLOUD_REGION"],
        ),
        (
            "credentials from flags, base URL from the environment",
            Genesys::new()
                .env("GENESYSCLOUD_BASE_URL", &recorder.url)
                .args(["--clientid", "prod-id", "--clientsecret", FLAG_SECRET])
                .args(list),
            ["flags", "GENESYSCLOUD_BASE_URL"],
        ),
        (
            "a token from flags, environment from the profile",
            Genesys::new()
                .home(&profile_target_only)
                .args(["--accesstoken", FLAG_SECRET])
                .args(list),
            ["flags", "profile `DEFAULT`"],
        ),
        (
            "credentials from the environment, environment from the profile",
            Genesys::new()
                .home(&profile_target_only)
                .env("GENESYSCLOUD_OAUTHCLIENT_ID", "prod-id")
                .env("GENESYSCLOUD_OAUTHCLIENT_SECRET", ENV_SECRET)
                .args(list),
            ["environment variables", "profile `DEFAULT`"],
        ),
    ];
    for (what, command, sources) in cases {
        let output = command.run();
        let line = output.error(3);
        for expected in sources.into_iter().chain(["--base-url", "--environment"]) {
            assert!(line.contains(expected), "{what}: {expected}: {line}");
        }
        for secret in [SECRET, FLAG_SECRET, ENV_SECRET] {
            assert!(!output.stderr.contains(secret), "{what}: {output:?}");
        }
    }
    // Nothing reached the listener: not a connection, let alone a secret.
    assert_eq!(recorder.connections(), 0, "{}", recorder.received());

    // Named on the command line, the target takes the credentials of another source: the user asked for it.
    let emulator = Emulator::start(&[]);
    let admin_profile = home_with_profiles(&format!(
        "[DEFAULT]\nenvironment = \"mypurecloud.ie\"\nclient_credentials = \"{ADMIN_ID}\"\nclient_secret = \"{ADMIN_SECRET}\"\n"
    ));
    for flag in ["--base-url", "--environment"] {
        let output = Genesys::new()
            .home(&admin_profile)
            .env("GENESYSCLOUD_BASE_URL", &recorder.url)
            .args([flag, emulator.base_url.as_str()])
            .args(["oauth", "scopes", "list"])
            .run();
        output.json();
    }
    assert_eq!(recorder.connections(), 0, "{}", recorder.received());
}

#[test]
fn a_config_file_larger_than_one_mib_is_refused() {
    let recorder = Recorder::start();
    // A valid file whose comments make it 2 MiB: it was read whole, however large.
    let mut text = format!(
        "[DEFAULT]\nenvironment = \"{}\"\nclient_credentials = \"id\"\nclient_secret = \"big-file-secret\"\n",
        recorder.url
    );
    while text.len() < 2 * 1024 * 1024 {
        text.push_str(
            "# padding padding padding padding padding padding padding padding padding\n",
        );
    }
    let home = home_with_profiles(&text);
    let output = Genesys::new()
        .home(&home)
        .args(["oauth", "scopes", "list"])
        .run();
    let line = output.error(3);
    assert!(
        line.contains("config.toml") && line.contains("larger than 1 MiB"),
        "{line}"
    );
    assert!(!output.stderr.contains("big-file-secret"), "{output:?}");
    assert_eq!(recorder.connections(), 0, "{}", recorder.received());
}

#[cfg(unix)]
#[test]
fn a_secret_file_readable_by_others_is_warned_about() {
    use std::os::unix::fs::PermissionsExt;
    let emulator = Emulator::start(&[]);
    let chmod = |path: &std::path::Path, mode: u32| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    };
    let home = home_with_profiles(&profiles(&emulator.base_url, ADMIN_SECRET));
    let config = home.join(".gc").join("config.toml");
    let run = || {
        Genesys::new()
            .home(&home)
            .args(["oauth", "scopes", "list"])
            .run()
    };
    for mode in [0o644, 0o640, 0o604] {
        chmod(&config, mode);
        let output = run();
        output.json();
        let warning = output
            .stderr
            .lines()
            .find(|line| line.starts_with("warning: "))
            .unwrap_or_else(|| panic!("{mode:o}: no warning: {output:?}"));
        assert!(
            warning.contains(&config.display().to_string())
                && warning.contains(&format!("chmod 600 {}", config.display())),
            "{warning}"
        );
        assert!(!output.stderr.contains(ADMIN_SECRET), "{output:?}");
    }
    chmod(&config, 0o600);
    let output = run();
    output.json();
    assert!(!output.stderr.contains("warning"), "{output:?}");

    // A profile file without a secret is nobody's business.
    let no_secret = home_with_profiles(&format!(
        "[DEFAULT]\nenvironment = \"{}\"\n",
        emulator.base_url
    ));
    chmod(&no_secret.join(".gc").join("config.toml"), 0o644);
    let output = Genesys::new()
        .home(&no_secret)
        .env("GENESYSCLOUD_ACCESS_TOKEN", &emulator.admin_token())
        .env("GENESYSCLOUD_BASE_URL", &emulator.base_url)
        .args(["oauth", "scopes", "list"])
        .run();
    output.json();
    assert!(!output.stderr.contains("warning"), "{output:?}");

    // The same for --clientsecret-file.
    let secret_file = temp_dir("open-secret").join("secret.txt");
    std::fs::write(&secret_file, format!("{ADMIN_SECRET}\n")).unwrap();
    chmod(&secret_file, 0o644);
    let output = Genesys::new()
        .args(["--base-url", &emulator.base_url, "--clientid", ADMIN_ID])
        .args(["--clientsecret-file"])
        .arg_path(&secret_file)
        .args(["oauth", "scopes", "list"])
        .run();
    output.json();
    assert!(
        output.stderr.contains("warning: ")
            && output
                .stderr
                .contains(&format!("chmod 600 {}", secret_file.display())),
        "{output:?}"
    );
    assert!(!output.stderr.contains(ADMIN_SECRET), "{output:?}");
}
