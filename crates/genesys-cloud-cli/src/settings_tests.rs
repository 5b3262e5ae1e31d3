//! Tests of `settings`: which source wins, pairing, profiles.

use super::*;
use clap::Parser;

fn flags(args: &[&str]) -> GlobalArgs {
    let mut argv = vec!["genesys"];
    argv.extend_from_slice(args);
    argv.extend_from_slice(&["oauth", "scopes", "list"]);
    crate::cli::Cli::parse_from(argv).global
}

fn env_of(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
    move |name| {
        pairs
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| (*value).to_owned())
    }
}

fn client_id(resolved: &Resolved) -> Option<&str> {
    match &resolved.auth {
        Auth::Credentials(Credentials::ClientCredentials { client_id, .. }) => Some(client_id),
        _ => None,
    }
}

#[test]
fn flags_beat_the_environment_field_by_field() {
    let env = env_of(&[
        (ENV_CLIENT_ID, "env-id"),
        (ENV_CLIENT_SECRET, "env-secret"),
        (ENV_REGION, "eu_west_1"),
    ]);
    // Flag credentials with a flag target (the environment's region does not take flag credentials).
    let resolved = resolve(
        &flags(&[
            "--clientid",
            "flag-id",
            "--clientsecret",
            "flag-secret",
            "--environment",
            "eu_west_1",
        ]),
        &env,
        None,
    )
    .unwrap();
    assert_eq!(client_id(&resolved), Some("flag-id"));
    let Auth::Credentials(Credentials::ClientCredentials { client_secret, .. }) = &resolved.auth
    else {
        panic!("{:?}", resolved.auth)
    };
    assert_eq!(client_secret.expose_secret(), "flag-secret");
    let Target::Environment(environment) = &resolved.target else {
        panic!("{:?}", resolved.target)
    };
    assert_eq!(environment.api().host(), "api.mypurecloud.ie");
    let resolved = resolve(&flags(&["--base-url", "http://127.0.0.1:9"]), &env, None).unwrap();
    assert_eq!(
        resolved.target,
        Target::BaseUrl("http://127.0.0.1:9".to_owned())
    );
}

#[test]
fn client_id_and_secret_come_from_one_source() {
    // A flag id is not paired with a secret from the environment.
    let env = env_of(&[(ENV_CLIENT_ID, "env-id"), (ENV_CLIENT_SECRET, "env-secret")]);
    let error = resolve(&flags(&["--clientid", "flag-id"]), &env, None).unwrap_err();
    let line = error.line(&[]);
    assert!(
        line.contains("flag-id") && line.contains("no secret in flags"),
        "{line}"
    );
    assert_eq!(error.failure(), crate::cli_error::Failure::Environment);
    // Nor an environment secret with a profile's id.
    let home = home_with(
        "pair",
        Some("[DEFAULT]\nclient_credentials = \"p-id\"\nclient_secret = \"p-s\"\n"),
    );
    let env = env_of(&[(ENV_CLIENT_SECRET, "env-secret"), (ENV_REGION, "eu_west_1")]);
    let error = resolve(&flags(&[]), &env, Some(home.clone())).unwrap_err();
    assert!(
        error.line(&[]).contains("no client id there"),
        "{}",
        error.line(&[])
    );
    // A full pair from the profile still works under a flag target.
    let resolved = resolve(
        &flags(&["--base-url", "http://127.0.0.1:9"]),
        &env_of(&[]),
        Some(home.clone()),
    )
    .unwrap();
    assert_eq!(client_id(&resolved), Some("p-id"));
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
fn a_secret_file_is_read_one_bounded_line_at_most() {
    assert_eq!(
        first_line(&b"s3cret\nsecond line"[..]).unwrap().as_deref(),
        Some("s3cret")
    );
    assert_eq!(
        first_line(std::io::BufReader::new(std::io::repeat(b'x'))).unwrap(),
        None
    );
    let home = home_with("secret-file", Some(""));
    let path = home.join("secret.txt");
    std::fs::write(&path, vec![b'x'; 65 * 1024]).unwrap();
    let mut args = vec!["--clientid", "id", "--clientsecret-file"];
    let name = path.display().to_string();
    args.push(&name);
    let error = resolve(&flags(&args), &env_of(&[]), None).unwrap_err();
    assert_eq!(error.failure(), crate::cli_error::Failure::Environment);
    assert!(
        error.line(&[]).contains("longer than 64 KiB"),
        "{}",
        error.line(&[])
    );
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
fn a_token_flag_beats_client_credentials_from_the_environment() {
    let env = env_of(&[(ENV_CLIENT_ID, "env-id"), (ENV_CLIENT_SECRET, "env-secret")]);
    let resolved = resolve(&flags(&["--accesstoken", "tok-1"]), &env, None).unwrap();
    assert!(matches!(
        resolved.auth,
        Auth::Credentials(Credentials::AccessToken(_))
    ));
    assert!(resolved.secrets.contains(&"tok-1".to_owned()));
}

#[test]
fn nothing_configured_explains_every_way() {
    let error = resolve(&flags(&[]), &env_of(&[]), None).unwrap_err();
    let line = error.line(&[]);
    for needle in [
        "--clientid",
        ENV_CLIENT_SECRET,
        ENV_REGION,
        "config.toml",
        "--emulator",
    ] {
        assert!(line.contains(needle), "{needle}: {line}");
    }
    let error = resolve(&flags(&["--clientid", "x"]), &env_of(&[]), None).unwrap_err();
    assert!(error.line(&[]).contains("has no secret"));
}

#[test]
fn a_bad_environment_names_its_source() {
    let env = env_of(&[(ENV_ACCESS_TOKEN, "t"), (ENV_REGION, "nowhere")]);
    let error = resolve(&flags(&[]), &env, None).unwrap_err();
    assert!(
        error.line(&[]).contains("environment variables"),
        "{}",
        error.line(&[])
    );
}

/// A home directory whose `.gc/config.toml` is `config` (a directory when `None`).
fn home_with(tag: &str, config: Option<&str>) -> PathBuf {
    let home = std::env::temp_dir().join(format!("genesys-config-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    let path = profile::config_path(&home);
    match config {
        Some(text) => {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, text).unwrap();
        }
        None => std::fs::create_dir_all(&path).unwrap(),
    }
    home
}

#[test]
fn a_broken_profile_is_ignored_when_flags_and_environment_say_everything() {
    let complete = [
        "--clientid",
        "id",
        "--clientsecret",
        "secret",
        "--base-url",
        "http://127.0.0.1:9",
    ];
    for (tag, config) in [("toml", Some("[DEFAULT\nnot toml")), ("dir", None)] {
        let home = home_with(tag, config);
        let resolved = resolve(&flags(&complete), &env_of(&[]), Some(home.clone())).unwrap();
        assert_eq!(client_id(&resolved), Some("id"));
        let env = env_of(&[(ENV_ACCESS_TOKEN, "tok"), (ENV_REGION, "eu_west_1")]);
        resolve(&flags(&[]), &env, Some(home.clone())).unwrap();
        // Still reported when the profile was named, or something is missing without it.
        let mut named = complete.to_vec();
        named.extend(["--profile", "DEFAULT"]);
        resolve(&flags(&named), &env_of(&[]), Some(home.clone())).unwrap_err();
        resolve(&flags(&complete[..4]), &env_of(&[]), Some(home.clone())).unwrap_err();
        resolve(
            &flags(&["--clientid", "id"]),
            &env_of(&[]),
            Some(home.clone()),
        )
        .unwrap_err();
        let _ = std::fs::remove_dir_all(&home);
    }
}

#[test]
fn credentials_go_only_to_a_target_of_their_own_source_or_the_command_line() {
    let home = home_with(
        "pairing",
        Some("[DEFAULT]\nclient_credentials = \"p-id\"\nclient_secret = \"p-s\"\n"),
    );
    // No source names a target: the default region, whatever the credentials' source.
    let resolved = resolve(&flags(&[]), &env_of(&[]), Some(home.clone())).unwrap();
    assert_eq!(client_id(&resolved), Some("p-id"));
    let resolved = resolve(&flags(&["--accesstoken", "t"]), &env_of(&[]), None).unwrap();
    assert!(matches!(resolved.target, Target::Environment(_)));
    // A target on the command line takes the credentials of any source.
    let env = env_of(&[
        (ENV_ACCESS_TOKEN, "t"),
        (ENV_BASE_URL, "http://127.0.0.1:9"),
    ]);
    resolve(&flags(&["--environment", "eu_west_1"]), &env, None).unwrap();
    // Another source's target does not, and the message names both sources and both ways out.
    let env = env_of(&[(ENV_REGION, "eu_west_1")]);
    for (args, home) in [
        (&[][..], Some(home.clone())),
        (&["--accesstoken", "t"][..], None),
    ] {
        let error = resolve(&flags(args), &env, home).unwrap_err();
        assert_eq!(error.failure(), crate::cli_error::Failure::Environment);
        let line = error.line(&[]);
        for needle in [
            ENV_REGION,
            "environment variables",
            "--base-url",
            "--environment",
        ] {
            assert!(line.contains(needle), "{needle}: {line}");
        }
        assert!(!line.contains("p-s"), "{line}");
    }
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
fn a_named_profile_matches_ignoring_case_as_in_gc() {
    let home = home_with(
        "case",
        Some("[DEFAULT]\nclient_credentials = \"p-id\"\nclient_secret = \"p-s\"\n"),
    );
    let resolved = resolve(
        &flags(&["--profile", "default"]),
        &env_of(&[]),
        Some(home.clone()),
    )
    .unwrap();
    assert_eq!(client_id(&resolved), Some("p-id"));
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
fn the_emulator_ignores_the_environment() {
    let env = env_of(&[(ENV_ACCESS_TOKEN, "t")]);
    let resolved = resolve(&flags(&["--emulator"]), &env, None).unwrap();
    assert_eq!(resolved.target, Target::Emulator);
    assert!(matches!(resolved.auth, Auth::EmulatorAdmin));
}

#[test]
fn in_a_profile_renewable_credentials_win_and_a_client_id_alone_is_a_login() {
    let home = home_with(
        "profile-kinds",
        Some(
            "[both]\nclient_credentials = \"id\"\nclient_secret = \"s\"\naccess_token = \"stale\"\n\
             [token]\naccess_token = \"t\"\n\
             [pkce]\nclient_credentials = \"pub\"\ngrant_type = \"3\"\naccess_token = \"stale\"\n\
             [implicit]\nclient_credentials = \"i\"\ngrant_type = \"2\"\n",
        ),
    );
    let resolve_profile =
        |name: &str| resolve(&flags(&["-p", name]), &env_of(&[]), Some(home.clone()));
    let both = resolve_profile("both").unwrap();
    assert_eq!(client_id(&both), Some("id"));
    assert!(
        both.source.contains("client `id` from profile `both`"),
        "{}",
        both.source
    );
    assert_eq!(both.profile, "both");
    let token = resolve_profile("TOKEN").unwrap();
    assert!(matches!(
        token.auth,
        Auth::Credentials(Credentials::AccessToken(_))
    ));
    assert!(
        token.source.contains("cannot be renewed"),
        "{}",
        token.source
    );
    assert_eq!(
        token.profile, "token",
        "the spelling of the file keys the cache"
    );
    let pkce = resolve_profile("pkce").unwrap();
    assert!(matches!(&pkce.auth, Auth::Login { client_id } if client_id == "pub"));
    let error = resolve_profile("implicit").unwrap_err();
    assert!(
        error.line(&[]).contains("implicit grant"),
        "{}",
        error.line(&[])
    );
    // --no-token-cache leaves the store out.
    assert!(both.store.is_some());
    let off = resolve(
        &flags(&["-p", "both", "--no-token-cache"]),
        &env_of(&[]),
        Some(home.clone()),
    )
    .unwrap();
    assert!(off.store.is_none());
    let _ = std::fs::remove_dir_all(&home);
}
