//! `genesys oauth clients ...` against a `genesys emulator` subprocess: every command, both output formats,
//! bodies from flags, --file and stdin, and the error line and exit status of API errors.

mod common;

use common::{Emulator, INACTIVE_CLIENT, NIGHTLY_EXPORT, VIEWER_ROLE, temp_dir};

#[test]
fn list_prints_the_api_json_compactly_when_piped_and_a_table_on_request() {
    let emulator = Emulator::start(&[]);
    let output = emulator.genesys().args(["oauth", "clients", "list"]).run();
    assert_eq!(output.ok().lines().count(), 1, "compact JSON on a pipe");
    let json = output.json();
    let entities = json["entities"].as_array().unwrap();
    assert_eq!(
        entities.len(),
        14,
        "admin, three code clients and ten demo clients (the genesys CLI PKCE client among them)"
    );
    // Every field the API sent is printed, in its order.
    assert!(
        output.stdout.starts_with("{\"entities\":[{\"id\":\""),
        "{}",
        output.stdout
    );
    assert!(
        entities
            .iter()
            .all(|e| e["selfUri"].is_string() && e["dateCreated"].is_string())
    );

    let output = emulator
        .genesys()
        .args(["oauth", "clients", "list", "--output", "table"])
        .run();
    let table = output.ok();
    for expected in [
        "ID",
        "NAME",
        "STATE",
        "Emulator Admin",
        "Nightly Export",
        "inactive",
        "14 clients",
    ] {
        assert!(table.contains(expected), "{expected}: {table}");
    }
}

#[test]
fn autopaginate_follows_every_page_in_both_formats() {
    let emulator = Emulator::start(&["--page-size", "4"]);
    let first = emulator
        .genesys()
        .args(["oauth", "clients", "list"])
        .run()
        .json();
    assert_eq!(first["entities"].as_array().unwrap().len(), 4);
    let table = emulator
        .genesys()
        .args(["oauth", "clients", "list", "-o", "table"])
        .run();
    assert!(table.ok().contains("page 1 of 4"), "{}", table.stdout);

    let all = emulator
        .genesys()
        .args(["oauth", "clients", "list", "--autopaginate"])
        .run()
        .json();
    let all = all.as_array().expect("one JSON array of every entity");
    assert_eq!(all.len(), 14);
    let mut ids: Vec<&str> = all.iter().map(|c| c["id"].as_str().unwrap()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 14, "no client twice");
    let table = emulator
        .genesys()
        .args([
            "oauth",
            "clients",
            "list",
            "-a",
            "--page-size",
            "5",
            "-o",
            "table",
        ])
        .run();
    assert!(table.ok().contains("14 clients"), "{}", table.stdout);
}

#[test]
fn get_prints_every_field_or_a_table_and_a_404_is_one_line_with_exit_1() {
    let emulator = Emulator::start(&[]);
    let json = emulator
        .genesys()
        .args(["oauth", "clients", "get", NIGHTLY_EXPORT])
        .run()
        .json();
    assert_eq!(json["name"], "Nightly Export");
    assert_eq!(json["authorizedGrantType"], "CLIENT-CREDENTIALS");
    assert!(json["roleDivisions"].is_array() && json["modifiedBy"]["name"].is_string());
    assert!(json.get("secret").is_none());

    let table = emulator
        .genesys()
        .args(["oauth", "clients", "get", NIGHTLY_EXPORT, "-o", "table"])
        .run();
    for expected in [
        "Nightly Export",
        "CLIENT-CREDENTIALS",
        "24 h",
        "by Emulator Admin",
    ] {
        assert!(
            table.ok().contains(expected),
            "{expected}: {}",
            table.stdout
        );
    }

    let missing = emulator
        .genesys()
        .args(["oauth", "clients", "get", "no-such-client"])
        .run();
    let line = missing.error(1);
    assert!(
        line.starts_with("error: HTTP 404 not.found: ") && line.contains("no-such-client"),
        "{line}"
    );
    assert!(line.contains("(correlation id "), "{line}");
}

#[test]
fn create_from_flags_shows_the_new_secret_in_json_and_in_tables() {
    let emulator = Emulator::start(&[]);
    let role = format!("{VIEWER_ROLE}:*");
    let created = emulator
        .genesys()
        .args(["oauth", "clients", "create", "--name", "From flags"])
        .args([
            "--grant-type",
            "client_credentials",
            "--role-division",
            &role,
        ])
        .args([
            "--token-validity",
            "3600",
            "--description",
            "made by a test",
        ])
        .run()
        .json();
    assert_eq!(created["name"], "From flags");
    assert_eq!(created["authorizedGrantType"], "CLIENT-CREDENTIALS");
    assert_eq!(created["accessTokenValiditySeconds"], 3600);
    assert_eq!(created["roleDivisions"][0]["roleId"], VIEWER_ROLE);
    let secret = created["secret"].as_str().expect("the secret, shown once");

    let table = emulator
        .genesys()
        .args([
            "oauth",
            "clients",
            "create",
            "--name",
            "Code app",
            "--grant-type",
            "code",
        ])
        .args(["--scope", "users:readonly", "--scope", "analytics:readonly"])
        .args([
            "--redirect-uri",
            "https://app.example.com/cb",
            "-o",
            "table",
        ])
        .run();
    let text = table.ok();
    assert!(text.contains("Code app"), "{text}");
    // The create table shows the new client's own secret plainly: it is never shown again.
    assert!(!text.contains("hidden"), "{text}");
    let shown = text
        .lines()
        .find(|line| line.contains(" secret "))
        .unwrap_or_else(|| panic!("no secret row: {text}"));
    assert!(!shown.contains(secret), "{text}");
    assert!(text.contains("not shown again"), "{text}");

    // The new client can log in with its secret.
    let id = created["id"].as_str().unwrap();
    let own = common::Genesys::new()
        .args([
            "--base-url",
            &emulator.base_url,
            "--clientid",
            id,
            "--clientsecret",
            secret,
        ])
        .args(["oauth", "clients", "get", id])
        .run()
        .json();
    assert_eq!(own["name"], "From flags");

    let missing = emulator
        .genesys()
        .args(["oauth", "clients", "create", "--name", "No grant"])
        .run();
    assert!(missing.error(2).contains("--grant-type"));
    let invalid = emulator
        .genesys()
        .args([
            "oauth",
            "clients",
            "create",
            "--name",
            "Bad validity",
            "--grant-type",
            "code",
        ])
        .args(["--token-validity", "5"])
        .run();
    let line = invalid.error(1);
    assert!(line.starts_with("error: HTTP 400 "), "{line}");
    assert!(
        line.contains("accessTokenValiditySeconds"),
        "the field is named: {line}"
    );
}

#[test]
fn create_and_update_take_json_from_a_file_or_stdin() {
    let emulator = Emulator::start(&[]);
    let dir = temp_dir("bodies");
    let file = dir.join("client.json");
    std::fs::write(
        &file,
        r#"{"name":"From a file","authorizedGrantType":"TOKEN","registeredRedirectUri":["https://x.example/cb"]}"#,
    )
    .unwrap();
    let from_file = emulator
        .genesys()
        .args(["oauth", "clients", "create", "--file"])
        .arg_path(&file)
        .run()
        .json();
    assert_eq!(from_file["name"], "From a file");
    assert_eq!(from_file["authorizedGrantType"], "TOKEN");

    let from_stdin = emulator
        .genesys()
        .args(["oauth", "clients", "create"])
        .stdin(r#"{"name":"From stdin","authorizedGrantType":"CLIENT-CREDENTIALS"}"#)
        .run()
        .json();
    assert_eq!(from_stdin["name"], "From stdin");
    let dash = emulator
        .genesys()
        .args([
            "oauth",
            "clients",
            "create",
            "-f",
            "-",
            "--description",
            "flag on top",
        ])
        .stdin(r#"{"name":"Dash","authorizedGrantType":"CODE"}"#)
        .run()
        .json();
    assert_eq!(dash["description"], "flag on top");

    let id = from_stdin["id"].as_str().unwrap();
    let updated = emulator
        .genesys()
        .args(["oauth", "clients", "update", id])
        .stdin(
            r#"{"name":"Replaced","authorizedGrantType":"CLIENT-CREDENTIALS","state":"disabled"}"#,
        )
        .run()
        .json();
    assert_eq!(updated["name"], "Replaced");
    assert_eq!(updated["state"], "disabled");

    let bad = emulator
        .genesys()
        .args(["oauth", "clients", "create"])
        .stdin("{\"name\":")
        .run();
    assert!(bad.error(2).contains("not a valid OAuthClientRequest"));
    let empty = emulator
        .genesys()
        .args(["oauth", "clients", "create"])
        .stdin("")
        .run();
    assert!(empty.error(2).contains("empty"));
    let no_file = emulator
        .genesys()
        .args([
            "oauth",
            "clients",
            "create",
            "--file",
            "/nonexistent/body.json",
        ])
        .run();
    assert!(no_file.error(2).contains("/nonexistent/body.json"));
}

#[test]
fn update_with_flags_reads_modifies_and_writes_keeping_other_fields() {
    let emulator = Emulator::start(&[]);
    let before = emulator
        .genesys()
        .args(["oauth", "clients", "get", NIGHTLY_EXPORT])
        .run()
        .json();
    let after = emulator
        .genesys()
        .args([
            "oauth",
            "clients",
            "update",
            NIGHTLY_EXPORT,
            "--name",
            "Renamed",
            "--state",
            "Disabled",
        ])
        .run()
        .json();
    assert_eq!(after["name"], "Renamed");
    assert_eq!(after["state"], "disabled");
    assert_eq!(after["description"], before["description"]);
    assert_eq!(after["roleDivisions"], before["roleDivisions"]);
    assert_eq!(
        after["accessTokenValiditySeconds"],
        before["accessTokenValiditySeconds"]
    );
    let table = emulator
        .genesys()
        .args([
            "oauth",
            "clients",
            "update",
            NIGHTLY_EXPORT,
            "--description",
            "new",
            "-o",
            "table",
        ])
        .run();
    assert!(table.ok().contains("Renamed") && table.stdout.contains("new"));
}

#[test]
fn delete_needs_an_inactive_client_unless_forced() {
    let emulator = Emulator::start(&[]);
    let refused = emulator
        .genesys()
        .args(["oauth", "clients", "delete", NIGHTLY_EXPORT])
        .run();
    let line = refused.error(1);
    assert!(
        line.starts_with("error: HTTP 400 cannot.delete.client: "),
        "{line}"
    );

    let deleted = emulator
        .genesys()
        .args(["oauth", "clients", "delete", INACTIVE_CLIENT])
        .run();
    assert_eq!(deleted.ok(), "", "nothing to print in JSON");
    let forced = emulator
        .genesys()
        .args([
            "oauth",
            "clients",
            "delete",
            NIGHTLY_EXPORT,
            "--force",
            "--yes",
            "-o",
            "table",
        ])
        .run();
    assert!(forced.ok().contains("deleted OAuth client"));
    for id in [NIGHTLY_EXPORT, INACTIVE_CLIENT] {
        let gone = emulator
            .genesys()
            .args(["oauth", "clients", "get", id])
            .run();
        assert!(gone.error(1).contains("404"));
    }
}

#[test]
fn secret_create_shows_the_new_secret_in_both_formats_and_the_old_one_stops_working() {
    let emulator = Emulator::start(&[]);
    let created = emulator
        .genesys()
        .args([
            "oauth",
            "clients",
            "create",
            "--name",
            "Rotating",
            "--grant-type",
            "CLIENT-CREDENTIALS",
        ])
        .args(["--role-division", &format!("{VIEWER_ROLE}:*")])
        .run()
        .json();
    let id = created["id"].as_str().unwrap();
    let old = created["secret"].as_str().unwrap();
    let rotated = emulator
        .genesys()
        .args(["oauth", "clients", "secret", "create", id])
        .run()
        .json();
    let new = rotated["secret"].as_str().expect("the new secret");
    assert_ne!(new, old);
    let table = emulator
        .genesys()
        .args(["oauth", "clients", "secret", "create", id, "-o", "table"])
        .run();
    let text = table.ok();
    assert!(
        text.contains("new secret") && text.contains("not shown again"),
        "{text}"
    );
    let newest = text
        .lines()
        .find(|line| line.contains("new secret"))
        .and_then(|line| line.split('┆').nth(1))
        .map(|cell| cell.trim_end_matches('│').trim().to_owned())
        .expect("a secret cell");

    let with_old = common::Genesys::new()
        .args([
            "--base-url",
            &emulator.base_url,
            "--clientid",
            id,
            "--clientsecret",
            new,
        ])
        .args(["oauth", "clients", "get", id])
        .run();
    let line = with_old.error(3);
    assert!(
        line.contains("could not get an access token") && line.contains("401"),
        "{line}"
    );
    let with_newest = common::Genesys::new()
        .args([
            "--base-url",
            &emulator.base_url,
            "--clientid",
            id,
            "--clientsecret",
            &newest,
        ])
        .args(["oauth", "clients", "get", id])
        .run();
    assert_eq!(with_newest.json()["name"], "Rotating");
}
