//! `genesys tokens ...`, `genesys authorization ...` and `genesys organizations me`: each command against the
//! emulator in JSON and as a table at 80 columns, `--role NAME[@DIVISION]` on create, and the revocation of
//! `tokens me delete`.

mod common;
#[path = "common/pty.rs"]
mod pty;

use common::{Emulator, Genesys, VIEWER_ROLE};

/// `genesys ARGS` against `emulator` as its admin, with the environment `pty::run` gets.
fn on_terminal(emulator: &Emulator, args: &[&str]) -> pty::Screen {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_genesys"));
    command
        .args(args)
        .args(["--output", "table"])
        .env_clear()
        .env("GENESYSCLOUD_BASE_URL", &emulator.base_url)
        .env("GENESYSCLOUD_OAUTHCLIENT_ID", common::ADMIN_ID)
        .env("GENESYSCLOUD_OAUTHCLIENT_SECRET", common::ADMIN_SECRET)
        .env("HOME", common::temp_dir("access-terminal"))
        .env("TERM", "xterm");
    pty::run(command, 80, None)
}

#[test]
fn every_new_command_answers_in_json_and_fits_80_columns() {
    let emulator = Emulator::start(&["--division", "Sales"]);
    let json = |args: &[&str]| emulator.genesys().args(args).run().json();

    let me = json(&["tokens", "me"]);
    assert_eq!(me["OAuthClient"]["id"], common::ADMIN_ID);
    let me = json(&["tokens", "me", "get", "--preserve-idle-ttl"]);
    assert_eq!(me["organization"]["name"], "emulator");
    let head = emulator
        .genesys()
        .args(["tokens", "me", "head", "-o", "table"])
        .run();
    assert!(head.ok().contains("the token is valid"), "{head:?}");
    let timeout = json(&["tokens", "timeout", "get"]);
    assert_eq!(timeout["enableIdleTokenTimeout"], false);
    let updated = json(&[
        "tokens",
        "timeout",
        "update",
        "--enable",
        "--seconds",
        "600",
    ]);
    assert_eq!(
        (
            updated["enableIdleTokenTimeout"].as_bool(),
            updated["idleTokenTimeoutSeconds"].as_i64()
        ),
        (Some(true), Some(600))
    );
    // Out of the spec's bounds: refused before anything is sent.
    let refused = emulator
        .genesys()
        .args(["tokens", "timeout", "update", "--seconds", "60"])
        .run();
    assert_eq!(refused.code, Some(2), "{refused:?}");
    assert!(refused.stderr.contains("300..=28800"), "{refused:?}");

    let roles = json(&[
        "authorization",
        "roles",
        "list",
        "--autopaginate",
        "--page-size",
        "2",
    ]);
    assert_eq!(roles.as_array().unwrap().len(), 7, "{roles}");
    let page = json(&[
        "authorization",
        "roles",
        "list",
        "--page-size",
        "2",
        "--page-number",
        "2",
    ]);
    assert_eq!(
        (page["pageNumber"].as_i64(), page["pageCount"].as_i64()),
        (Some(2), Some(4))
    );
    let viewers = json(&[
        "authorization",
        "roles",
        "list",
        "-a",
        "--permission",
        "usage:client:view",
        "--no-user-count",
    ]);
    assert_eq!(viewers.as_array().unwrap().len(), 2, "{viewers}");
    let role = json(&[
        "authorization",
        "roles",
        "get",
        VIEWER_ROLE,
        "--unused-permissions",
    ]);
    assert_eq!(role["unusedPermissions"], serde_json::json!([]));
    let divisions = json(&["authorization", "divisions", "list", "-a"]);
    assert_eq!(divisions.as_array().unwrap().len(), 2, "{divisions}");
    let sales = divisions[1]["id"].as_str().unwrap().to_owned();
    let one = json(&[
        "authorization",
        "divisions",
        "get",
        &sales,
        "--object-count",
    ]);
    assert_eq!(one["name"], "Sales");
    for args in [
        &["authorization", "divisions", "home"][..],
        &["authorization", "divisions", "home", "get"],
    ] {
        assert_eq!(json(args)["homeDivision"], true);
    }
    for args in [
        &["authorization", "subjects", "me"][..],
        &["authorization", "subjects", "me", "get"],
    ] {
        assert_eq!(json(args)["grants"].as_array().unwrap().len(), 7);
    }
    let permissions = json(&[
        "authorization",
        "permissions",
        "list",
        "--query-type",
        "domain",
        "--query",
        "oauth",
    ]);
    assert_eq!(permissions["total"], 1);
    let bad = emulator
        .genesys()
        .args([
            "authorization",
            "permissions",
            "list",
            "--query-type",
            "entity",
            "--query",
            "x",
        ])
        .run();
    assert_eq!(bad.code, Some(2), "{bad:?}");
    assert!(
        bad.stderr.contains("is not domain or permission"),
        "{bad:?}"
    );
    for args in [
        &["organizations", "me"][..],
        &["organizations", "me", "get"],
    ] {
        assert_eq!(json(args)["thirdPartyOrgName"], "emulator");
    }

    // Tables at a real 80-column terminal: nothing wider, the ids whole.
    for (args, expect) in [
        (&["tokens", "me"][..], "emulator-admin"),
        (&["tokens", "timeout", "get"][..], "600 s"),
        (
            &["authorization", "roles", "list", "-a"][..],
            "00000000-0000-4000-8000-00000000a007",
        ),
        (
            &["authorization", "roles", "get", VIEWER_ROLE][..],
            "oauth:client:view",
        ),
        (&["authorization", "divisions", "list"][..], "Sales"),
        (&["authorization", "divisions", "home"][..], "Home"),
        (
            &["authorization", "subjects", "me"][..],
            "Organization Admin",
        ),
        (&["authorization", "permissions", "list"][..], "directory"),
        (&["organizations", "me"][..], "GenesysCloud"),
    ] {
        let screen = on_terminal(&emulator, args);
        assert_eq!(screen.code, Some(0), "{args:?}: {screen:#?}");
        assert!(
            screen.lines_wider_than(80).is_empty(),
            "{args:?}:\n{}",
            screen.text
        );
        assert!(
            screen.text.contains(expect),
            "{args:?}: {expect}\n{}",
            screen.text
        );
    }
}

#[test]
fn role_names_create_a_client_holding_that_role_and_unknown_or_ambiguous_names_exit_2() {
    let emulator = Emulator::start(&["--division", "Sales", "--division", "Support"]);
    let created = emulator
        .genesys()
        .args([
            "oauth",
            "clients",
            "create",
            "--name",
            "By name",
            "--grant-type",
            "client-credentials",
            "--role",
            "oauth viewer",
            "--role",
            "USAGE VIEWER@sales",
            "--role",
            "Role Viewer@*",
        ])
        .run()
        .json();
    let grants = created["roleDivisions"].as_array().unwrap();
    assert_eq!(grants.len(), 3, "{created}");
    // `@*`: every division, as the README says.
    assert_eq!(grants[2]["divisionId"], "*", "{created}");
    assert_eq!(grants[0]["roleId"], VIEWER_ROLE);
    assert_eq!(
        grants[0]["divisionId"], "00000000-0000-4000-8000-00000000d001",
        "Home by default"
    );
    assert_eq!(grants[1]["roleId"], "00000000-0000-4000-8000-00000000a003");
    assert_ne!(grants[1]["divisionId"], grants[0]["divisionId"]);
    // The new client holds the role: its own grants say so.
    let id = created["id"].as_str().unwrap();
    let secret = created["secret"].as_str().unwrap();
    let mine = Genesys::new()
        .env("GENESYSCLOUD_BASE_URL", &emulator.base_url)
        .env("GENESYSCLOUD_OAUTHCLIENT_ID", id)
        .env("GENESYSCLOUD_OAUTHCLIENT_SECRET", secret)
        .args(["authorization", "subjects", "me"])
        .run()
        .json();
    assert_eq!(mine["grants"][0]["role"]["name"], "OAuth Viewer");
    assert_eq!(mine["grants"][1]["division"]["name"], "Sales");

    for (role, said) in [
        (
            "OAuth",
            "OAuth Admin (00000000-0000-4000-8000-00000000a001)",
        ),
        ("Viewer", "OAuth Viewer"),
        ("OAuth Viewer@Nowhere", "Sales ("),
    ] {
        let out = emulator
            .genesys()
            .args([
                "oauth",
                "clients",
                "create",
                "--name",
                "x",
                "--grant-type",
                "client-credentials",
                "--role",
                role,
            ])
            .run();
        let error = out.error(2);
        assert!(error.contains(said), "{role}: {error}");
    }
    // --dry-run sends nothing, so it cannot look names up: it says what to use instead.
    let dir = common::temp_dir("access-dry-run");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("a.json"),
        r#"{"name":"a","authorizedGrantType":"CLIENT-CREDENTIALS"}"#,
    )
    .unwrap();
    let out = Genesys::new()
        .args([
            "oauth",
            "clients",
            "create",
            "--dry-run",
            "--role",
            "OAuth Viewer",
            "--directory",
        ])
        .arg_path(&dir)
        .run();
    assert!(out.error(2).contains("--role-division"), "{out:?}");
}

#[test]
fn tokens_me_delete_revokes_the_token_and_forgets_it() {
    let emulator = Emulator::start(&[]);
    let home = common::temp_dir("access-revoke");
    let run = |args: &[&str]| emulator.genesys().home(&home).args(args).run();
    run(&["tokens", "me"]).ok();
    let cache = std::fs::read_to_string(home.join(".gc/genesys-tokens.json")).unwrap();
    let cached: serde_json::Value = serde_json::from_str(&cache).unwrap();
    let token = cached["entries"][0]["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let revoked = run(&["tokens", "me", "delete", "-o", "table"]);
    assert!(revoked.ok().contains("revoked the token on"), "{revoked:?}");
    let cache = std::fs::read_to_string(home.join(".gc/genesys-tokens.json")).unwrap_or_default();
    assert!(!cache.contains(&token), "the revoked token left the cache");
    let old = Genesys::new()
        .args([
            "--base-url",
            &emulator.base_url,
            "--accesstoken",
            &token,
            "tokens",
            "me",
            "head",
        ])
        .run();
    assert!(old.error(1).contains("401"), "{old:?}");
}

#[test]
fn logout_revokes_on_the_server_then_forgets_and_forgets_when_the_server_is_gone() {
    let emulator = Emulator::start(&[]);
    let home = common::temp_dir("access-logout");
    let cached_token = || {
        let cache = std::fs::read_to_string(home.join(".gc/genesys-tokens.json")).unwrap();
        let cached: serde_json::Value = serde_json::from_str(&cache).unwrap();
        cached["entries"][0]["accessToken"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    emulator
        .genesys()
        .home(&home)
        .args(["tokens", "me"])
        .run()
        .ok();
    let token = cached_token();
    let out = emulator.genesys().home(&home).args(["logout"]).run();
    assert!(
        out.ok()
            .starts_with("Revoked 1 token(s) on the server; forgot 1 cached token(s)"),
        "{out:?}"
    );
    let old = Genesys::new()
        .args([
            "--base-url",
            &emulator.base_url,
            "--accesstoken",
            &token,
            "tokens",
            "me",
            "head",
        ])
        .run();
    assert!(
        old.error(1).contains("401"),
        "the revoked token still works: {old:?}"
    );

    // --local-only leaves the token valid on the server.
    emulator
        .genesys()
        .home(&home)
        .args(["tokens", "me"])
        .run()
        .ok();
    let token = cached_token();
    let out = emulator
        .genesys()
        .home(&home)
        .args(["logout", "--local-only"])
        .run();
    assert!(out.ok().starts_with("Forgot 1 cached token(s)"), "{out:?}");
    Genesys::new()
        .args([
            "--base-url",
            &emulator.base_url,
            "--accesstoken",
            &token,
            "tokens",
            "me",
            "head",
        ])
        .run()
        .ok();

    // The server gone: the local copy is still forgotten, and a warning says the token stays valid there.
    emulator
        .genesys()
        .home(&home)
        .args(["tokens", "me"])
        .run()
        .ok();
    let token = cached_token();
    drop(emulator);
    let out = Genesys::new().home(&home).args(["logout"]).run();
    assert!(out.ok().starts_with("Forgot 1 cached token(s)"), "{out:?}");
    assert!(
        out.stderr
            .contains("could not revoke a token on the server")
            && out.stderr.contains("stays valid there until it expires"),
        "{out:?}"
    );
    assert!(
        !out.stderr.contains(&token) && !out.stdout.contains(&token),
        "{out:?}"
    );
    assert!(
        !home.join(".gc/genesys-tokens.json").exists()
            || !std::fs::read_to_string(home.join(".gc/genesys-tokens.json"))
                .unwrap()
                .contains(&token)
    );
}
