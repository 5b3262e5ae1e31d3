//! Ids that look like paths, queries, fragments, escapes, other scripts or control characters reach the API as
//! one literal id (a 404 naming exactly that id, exit 1) or are refused before sending (exit 2): never another
//! path, never a panic, never a second line.

mod common;

use common::{ADMIN_ID, Emulator, Output};

/// Ids the API receives as they are.
const LITERAL: &[&str] = &[
    "../x",
    "../../api/v2/oauth/scopes",
    "a/b",
    "a?b=c",
    "a#b",
    "%2F",
    "%252F..%2F",
    "ünï-代码-🦀",
    "a\r\nb",
    "a\tb",
    "a b",
    "-leading-dash",
    ";rm -rf /",
];

/// Ids no request can carry.
const REFUSED: &[&str] = &["", ".", ".."];

/// The message text with control characters escaped, as the CLI prints it.
fn escaped(id: &str) -> String {
    id.chars()
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}

#[track_caller]
fn assert_not_found(output: &Output, kind: &str, id: &str) {
    let line = output.error(1);
    let expected = format!(
        "error: HTTP 404 not.found: The requested {kind} was not found: {} (correlation id ",
        escaped(id)
    );
    assert!(
        line.starts_with(&expected),
        "{id:?}: {line}\nexpected {expected}"
    );
    assert_eq!(output.stderr.lines().count(), 1, "{output:#?}");
}

#[test]
fn each_id_reaches_its_own_operation_as_one_literal_segment() {
    let emulator = Emulator::start(&[]);
    for id in LITERAL {
        let run = |args: &[&str]| {
            emulator
                .genesys()
                .args(args.iter().take_while(|arg| **arg != "--"))
                .arg_path("--".as_ref())
                .args(args.iter().skip_while(|arg| **arg != "--").skip(1))
                .run()
        };
        assert_not_found(
            &run(&["oauth", "clients", "get", "--", id]),
            "OAuth client",
            id,
        );
        assert_not_found(
            &run(&["oauth", "clients", "delete", "--", id]),
            "OAuth client",
            id,
        );
        assert_not_found(
            &run(&["oauth", "clients", "update", "--name", "x", "--", id]),
            "OAuth client",
            id,
        );
        assert_not_found(
            &run(&["oauth", "clients", "secret", "create", "--", id]),
            "OAuth client",
            id,
        );
        assert_not_found(
            &run(&["oauth", "clients", "usage", "summary", "get", "--", id]),
            "OAuth client",
            id,
        );
        assert_not_found(
            &run(&[
                "oauth", "clients", "usage", "query", "results", "get", "--", id, ADMIN_ID,
            ]),
            "usage query execution",
            id,
        );
        assert_not_found(
            &run(&["oauth", "authorizations", "get", "--", id]),
            "authorization",
            id,
        );
        assert_not_found(&run(&["oauth", "scopes", "get", "--", id]), "scope", id);
    }
    // Nothing was changed by any of them.
    let stats = emulator.stats();
    let mutations = stats["mutations"].as_object().expect("mutation counters");
    assert!(
        !mutations.is_empty() && mutations.values().all(|n| n == 0),
        "{stats}"
    );
    assert!(
        stats["requestsByStatus"]["404"].as_u64() > Some(0),
        "{stats}"
    );
}

#[test]
fn ids_no_request_can_carry_are_usage_errors() {
    let emulator = Emulator::start(&[]);
    for id in REFUSED {
        for args in [
            &["oauth", "clients", "get", "--", id][..],
            &["oauth", "clients", "delete", "--", id],
            &["oauth", "clients", "secret", "create", "--", id],
            &[
                "oauth", "clients", "usage", "query", "results", "get", "--", id, ADMIN_ID,
            ],
            &[
                "oauth", "clients", "usage", "query", "results", "get", "--", "x", id,
            ],
            &["oauth", "authorizations", "get", "--", id],
            &["oauth", "scopes", "get", "--", id],
        ] {
            let output = emulator.genesys().args(args).run();
            let line = output.error(2);
            assert!(line.contains("invalid parameter `"), "{args:?}: {line}");
        }
    }
    // Nothing was sent: not even a token request for a request that cannot be built.
    let stats = emulator.stats();
    assert_eq!(stats["tokensIssued"].as_u64(), Some(0), "{stats}");
    assert_eq!(stats["requests"].as_u64(), Some(0), "{stats}");
}
