//! Safe by default: the client whose credentials a command uses is protected from deletion, secret
//! regeneration and deactivation without --yes; a forced delete is confirmed; a missing id is not a success.

mod common;

use common::{ADMIN_ID, Emulator, NIGHTLY_EXPORT};

#[test]
fn the_client_in_use_is_protected_without_yes() {
    let emulator = Emulator::start(&[]);
    let mutations_before = emulator.stats()["mutations"].clone();
    for args in [
        vec!["oauth", "clients", "delete", ADMIN_ID],
        vec!["oauth", "clients", "delete", ADMIN_ID, "--force"],
        vec!["oauth", "clients", "secret", "create", ADMIN_ID],
        vec![
            "oauth", "clients", "update", ADMIN_ID, "--state", "inactive",
        ],
        vec![
            "oauth", "clients", "update", ADMIN_ID, "--state", "disabled",
        ],
    ] {
        let refused = emulator.genesys().args(&args).run();
        let line = refused.error(2);
        assert!(
            line.contains("lock you out") && line.contains("--yes"),
            "{args:?}: {line}"
        );
    }
    assert_eq!(
        emulator.stats()["mutations"],
        mutations_before,
        "nothing changed"
    );
    // The credentials still work, and other clients need no --yes for a secret.
    emulator
        .genesys()
        .args(["oauth", "clients", "secret", "create", NIGHTLY_EXPORT])
        .run()
        .ok();
    // Setting the own client active again is harmless.
    emulator
        .genesys()
        .args(["oauth", "clients", "update", ADMIN_ID, "--state", "active"])
        .run()
        .ok();
}

#[test]
fn a_forced_delete_needs_yes_when_not_at_a_terminal_and_a_missing_id_is_an_error() {
    let emulator = Emulator::start(&[]);
    let unconfirmed = emulator
        .genesys()
        .args(["oauth", "clients", "delete", NIGHTLY_EXPORT, "--force"])
        .run();
    assert!(unconfirmed.error(2).contains("--yes"));
    emulator
        .genesys()
        .args(["oauth", "clients", "get", NIGHTLY_EXPORT])
        .run()
        .ok();
    let typo = emulator
        .genesys()
        .args(["oauth", "clients", "delete", "nope", "--force", "--yes"])
        .run();
    assert!(typo.error(1).contains("404"));
    let plain = emulator
        .genesys()
        .args(["oauth", "clients", "delete", "nope"])
        .run();
    assert!(plain.error(1).contains("404"));
}

#[test]
fn deleting_an_active_client_suggests_what_to_do() {
    let emulator = Emulator::start(&[]);
    let refused = emulator
        .genesys()
        .args(["oauth", "clients", "delete", NIGHTLY_EXPORT])
        .run();
    let line = refused.error(1);
    assert!(line.contains("cannot.delete.client"), "{line}");
    assert!(
        line.contains("--state inactive") && line.contains("--force"),
        "{line}"
    );
}

#[test]
fn table_dates_say_their_zone() {
    let emulator = Emulator::start(&[]);
    let table = emulator
        .genesys()
        .args([
            "oauth",
            "clients",
            "get",
            NIGHTLY_EXPORT,
            "--output",
            "table",
        ])
        .run();
    assert!(table.ok().contains(" UTC"), "{}", table.ok());
}

#[test]
fn gc_only_flags_answer_what_to_use_instead() {
    for (args, instead) in [
        (
            vec!["oauth", "clients", "list", "--transform", "{{.id}}"],
            "--jq",
        ),
        (
            vec!["oauth", "clients", "list", "--stream"],
            "--autopaginate",
        ),
        (
            vec![
                "oauth",
                "clients",
                "list",
                "--filtercondition",
                "state==active",
            ],
            "--jq",
        ),
        (vec!["oauth", "clients", "create", "-i", "json"], "--input"),
    ] {
        let refused = common::Genesys::new().args(&args).run();
        let line = refused.error(2);
        assert!(
            line.contains("not support") && line.contains(instead),
            "{args:?}: {line}"
        );
    }
}
