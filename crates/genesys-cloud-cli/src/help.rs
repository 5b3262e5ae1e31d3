//! The HTTP method, path and permissions of each operation, added to its command's help from the core's
//! constants, so the help cannot drift from what is sent.

use clap::{Command, CommandFactory};
use genesys_cloud_core::Operation;
use genesys_cloud_core::ops::*;

use crate::cli::Cli;

/// One line per operation: `GET /api/v2/oauth/clients (getOauthClients), permission: oauth:client:view`.
fn line<O: Operation>() -> String {
    let permissions = match O::PERMISSIONS {
        [] => "no permission needed".to_owned(),
        [one] => format!("permission: {one}"),
        many => format!("permissions (any one of): {}", many.join(", ")),
    };
    format!("  {} {} ({}), {permissions}", O::METHOD, O::PATH, O::ID)
}

/// The help section of a command that sends `lines`.
fn section(lines: &[String], note: &str) -> String {
    let mut text = String::from("API:\n");
    for line in lines {
        text.push_str(line);
        text.push('\n');
    }
    if !note.is_empty() {
        text.push('\n');
        text.push_str(note);
    }
    text.trim_end().to_owned()
}

/// Every operation command: its path in the tree and the help section naming what it sends.
fn sections() -> Vec<(&'static [&'static str], String)> {
    vec![
        (
            &["oauth", "clients", "list"],
            section(
                &[line::<GetOauthClients>()],
                "--autopaginate follows nextUri (or pageNumber/pageCount) to the last page and prints the \
                 entities of every page as one JSON array.",
            ),
        ),
        (
            &["oauth", "clients", "get"],
            section(
                &[line::<GetOauthClient>()],
                "The platform no longer returns the secret here (since June 2025).",
            ),
        ),
        (
            &["oauth", "clients", "create"],
            section(
                &[line::<PostOauthClients>()],
                "The answer carries the new client's secret, shown only this once: in JSON output.",
            ),
        ),
        (
            &["oauth", "clients", "update"],
            section(
                &[line::<PutOauthClient>(), line::<GetOauthClient>()],
                "PUT replaces the whole client. With body flags and no --file, the client is read first (GET) \
                 and the flags change only their fields; unknown fields are kept.",
            ),
        ),
        (
            &["oauth", "clients", "delete"],
            section(
                &[
                    line::<DeleteOauthClient>(),
                    line::<GetOauthClient>(),
                    line::<PutOauthClient>(),
                ],
                "Only inactive clients can be deleted; --force sets the client inactive first (GET, PUT) and \
                 confirms it is gone. Deleting a client younger than 30 days is irreversible.",
            ),
        ),
        (
            &["oauth", "clients", "secret", "create"],
            section(
                &[line::<PostOauthClientSecret>()],
                "The old secret stops working at once.",
            ),
        ),
        (
            &["oauth", "clients", "usage", "summary", "get"],
            section(
                &[
                    line::<GetOauthClientUsageSummary>(),
                    line::<GetOauthClientUsageQueryResult>(),
                ],
                "The summary runs asynchronously: --wait polls its results until they are complete.",
            ),
        ),
        (
            &["oauth", "clients", "usage", "query", "create"],
            section(&[line::<PostOauthClientUsageQuery>()], ""),
        ),
        (
            &["oauth", "clients", "usage", "query", "results", "get"],
            section(&[line::<GetOauthClientUsageQueryResult>()], ""),
        ),
        (
            &["oauth", "clients", "usage", "query", "run"],
            section(
                &[
                    line::<PostOauthClientUsageQuery>(),
                    line::<GetOauthClientUsageQueryResult>(),
                ],
                "Submits the query, then polls its results until they are complete.",
            ),
        ),
        (
            &["oauth", "authorizations", "list"],
            section(&[line::<GetOauthAuthorizations>()], ""),
        ),
        (
            &["oauth", "authorizations", "get"],
            section(&[line::<GetOauthAuthorization>()], ""),
        ),
        (
            &["oauth", "scopes", "list"],
            section(&[line::<GetOauthScopes>()], ""),
        ),
        (
            &["oauth", "scopes", "get"],
            section(&[line::<GetOauthScope>()], ""),
        ),
    ]
}

/// Sets `text` as the after-help of the command at `path` below `command`.
fn with_after_help(command: Command, path: &[&str], text: String) -> Command {
    match path.split_first() {
        None => command.after_help(text),
        Some((first, rest)) => {
            command.mut_subcommand(*first, |sub| with_after_help(sub, rest, text))
        }
    }
}

/// The whole command tree, with the API section of every operation's help.
pub(crate) fn command() -> Command {
    sections()
        .into_iter()
        .fold(Cli::command(), |command, (path, text)| {
            with_after_help(command, path, text)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find<'a>(command: &'a Command, path: &[&str]) -> &'a Command {
        path.iter().fold(command, |command, name| {
            command
                .find_subcommand(name)
                .unwrap_or_else(|| panic!("no subcommand {name}"))
        })
    }

    #[test]
    fn every_operation_command_names_its_method_path_and_permissions() {
        let command = command();
        command.clone().debug_assert();
        for (path, _) in sections() {
            let help = find(&command, path)
                .get_after_help()
                .map(ToString::to_string)
                .unwrap_or_default();
            assert!(help.contains("/api/v2/oauth/"), "{path:?}: {help}");
        }
        let get = find(&command, &["oauth", "clients", "get"])
            .get_after_help()
            .unwrap()
            .to_string();
        assert!(
            get.contains("GET /api/v2/oauth/clients/{clientId} (getOauthClient), permission: oauth:client:view"),
            "{get}"
        );
        let scopes = find(&command, &["oauth", "scopes", "list"])
            .get_after_help()
            .unwrap()
            .to_string();
        assert!(scopes.contains("no permission needed"), "{scopes}");
    }
}
