//! `genesys oauth authorizations list|get` and `genesys oauth scopes list|get`, in both formats.

mod common;

use common::{CODE_CLIENT, Emulator};

#[test]
fn authorizations_list_and_get() {
    let emulator = Emulator::start(&[]);
    let list = emulator
        .genesys()
        .args(["oauth", "authorizations", "list"])
        .run()
        .json();
    let entities = list["entities"].as_array().unwrap();
    assert!(entities.len() >= 4, "{list}");
    let states: Vec<&str> = entities
        .iter()
        .filter_map(|e| e["state"].as_str())
        .collect();
    for state in ["Authorized", "Requested", "Revoked", "Unauthorized"] {
        assert!(states.contains(&state), "{state}: {states:?}");
    }
    let table = emulator
        .genesys()
        .args(["oauth", "authorizations", "list", "-o", "table"])
        .run();
    let text = table.ok();
    assert!(
        text.contains("Supervisor Dashboard") && text.contains("Requested (pending)"),
        "{text}"
    );

    let one = emulator
        .genesys()
        .args([
            "oauth",
            "authorizations",
            "get",
            CODE_CLIENT,
            "--accept-language",
            "fr",
        ])
        .run()
        .json();
    assert_eq!(one["client"]["id"], CODE_CLIENT);
    let table = emulator
        .genesys()
        .args(["oauth", "authorizations", "get", CODE_CLIENT, "-o", "table"])
        .run();
    assert!(table.ok().contains("Pat Example"), "{}", table.stdout);
    let missing = emulator
        .genesys()
        .args(["oauth", "authorizations", "get", "nobody"])
        .run();
    assert!(missing.error(1).starts_with("error: HTTP 404 not.found: "));
}

#[test]
fn scopes_list_and_get_with_accept_language() {
    let emulator = Emulator::start(&[]);
    let list = emulator
        .genesys()
        .args(["oauth", "scopes", "list", "--accept-language", "de-DE"])
        .run()
        .json();
    let ids: Vec<&str> = list["entities"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["id"].as_str())
        .collect();
    assert!(ids.contains(&"users:readonly"), "{ids:?}");
    let table = emulator
        .genesys()
        .args(["oauth", "scopes", "list", "-o", "table"])
        .run();
    assert!(table.ok().contains("SCOPE") && table.stdout.contains("users:readonly"));

    let one = emulator
        .genesys()
        .args(["oauth", "scopes", "get", "users:readonly"])
        .run()
        .json();
    assert_eq!(one["id"], "users:readonly");
    assert!(one["description"].is_string());
    let table = emulator
        .genesys()
        .args(["oauth", "scopes", "get", "users:readonly", "-o", "table"])
        .run();
    assert!(table.ok().contains("description"));
    let missing = emulator
        .genesys()
        .args(["oauth", "scopes", "get", "no:scope"])
        .run();
    assert!(missing.error(1).contains("no:scope"));
    let hostile = emulator
        .genesys()
        .args([
            "oauth",
            "scopes",
            "list",
            "--accept-language",
            "fr\r\nX-Injected: 1",
        ])
        .run();
    assert!(
        hostile.error(2).contains("Accept-Language") || hostile.stderr.contains("header"),
        "{hostile:?}"
    );
}
