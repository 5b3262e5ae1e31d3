//! The HTTP method, path and permissions of each operation, added to its command's help from the core's
//! constants, so the help cannot drift from what is sent.

use clap::{Command, CommandFactory};
use genesys_cloud_core::Operation;
use genesys_cloud_core::ops::*;

use crate::cli::Cli;

/// The page of an operation in the developer center's API Explorer: its anchor is the method and the path in
/// lower-case method, `/`, `{` and `}` each made `-` (`#get-api-v2-oauth-clients--clientId-`), the form the
/// developer center's own links use.
fn explorer_link<O: Operation>() -> String {
    let path: String = O::PATH
        .chars()
        .map(|c| if matches!(c, '/' | '{' | '}') { '-' } else { c })
        .collect();
    format!(
        "https://developer.genesys.cloud/devapps/api-explorer#{}{path}",
        O::METHOD.as_str().to_lowercase()
    )
}

/// Two lines per operation: `METHOD PATH (operationId), permission: ...` from the operation's constants, and
/// its page in the developer center.
fn line<O: Operation>() -> String {
    let permissions = match O::PERMISSIONS {
        [] => "no permission needed".to_owned(),
        [one] => format!("permission: {one}"),
        many => format!("permissions (any one of): {}", many.join(", ")),
    };
    format!(
        "  {} {} ({}), {permissions}\n    {}",
        O::METHOD,
        O::PATH,
        O::ID,
        explorer_link::<O>()
    )
}

/// The API block of a command that sends `lines` (shown above its usage), and the note shown after its options.
struct Section {
    api: String,
    note: &'static str,
}

fn section(lines: &[String], note: &'static str) -> Section {
    Section {
        api: format!("API:\n{}", lines.join("\n")),
        note,
    }
}

/// The help of an operation command: what it does, what it sends, how to call it, its own options, then the
/// global options under their own heading.
const OPERATION_TEMPLATE: &str = "\
{about-with-newline}
{before-help}{usage-heading} {usage}

{all-args}{after-help}";

/// Every operation command: its path in the tree and the help section naming what it sends.
fn sections() -> Vec<(&'static [&'static str], Section)> {
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
        (
            &["tokens", "me"],
            section(
                &[
                    line::<GetTokensMe>(),
                    line::<HeadTokensMe>(),
                    line::<DeleteTokensMe>(),
                ],
                "",
            ),
        ),
        (
            &["tokens", "me", "get"],
            section(&[line::<GetTokensMe>()], ""),
        ),
        (
            &["tokens", "me", "head"],
            section(&[line::<HeadTokensMe>()], ""),
        ),
        (
            &["tokens", "me", "delete"],
            section(&[line::<DeleteTokensMe>()], ""),
        ),
        (&["tokens", "delete"], section(&[line::<DeleteToken>()], "")),
        (
            &["tokens", "timeout", "get"],
            section(&[line::<GetTokensTimeout>()], ""),
        ),
        (
            &["tokens", "timeout", "update"],
            section(
                &[line::<GetTokensTimeout>(), line::<PutTokensTimeout>()],
                "",
            ),
        ),
        (
            &["authorization", "roles", "list"],
            section(&[line::<GetAuthorizationRoles>()], ""),
        ),
        (
            &["authorization", "roles", "get"],
            section(&[line::<GetAuthorizationRole>()], ""),
        ),
        (
            &["authorization", "divisions", "list"],
            section(&[line::<GetAuthorizationDivisions>()], ""),
        ),
        (
            &["authorization", "divisions", "get"],
            section(&[line::<GetAuthorizationDivision>()], ""),
        ),
        (
            &["authorization", "divisions", "home"],
            section(&[line::<GetAuthorizationDivisionsHome>()], ""),
        ),
        (
            &["authorization", "subjects", "me"],
            section(&[line::<GetAuthorizationSubjectsMe>()], ""),
        ),
        (
            &["authorization", "permissions", "list"],
            section(&[line::<GetAuthorizationPermissions>()], ""),
        ),
        (
            &["organizations", "me"],
            section(&[line::<GetOrganizationsMe>()], ""),
        ),
    ]
}

/// Gives the command at `path` below `command` the help of `section`.
fn with_section(command: Command, path: &[&str], section: Section) -> Command {
    match path.split_first() {
        None => {
            let command = command
                .help_template(OPERATION_TEMPLATE)
                .before_help(section.api);
            if section.note.is_empty() {
                command
            } else {
                command.after_help(section.note)
            }
        }
        Some((first, rest)) => {
            command.mut_subcommand(*first, |sub| with_section(sub, rest, section))
        }
    }
}

/// The commands the global options mean nothing to: their help lists only their own options.
const WITHOUT_GLOBALS: [&str; 2] = ["emulator", "completions"];

/// The whole command tree, with the API section of every operation's help.
pub(crate) fn command() -> Command {
    let mut command = sections()
        .into_iter()
        .fold(Cli::command(), |command, (path, section)| {
            with_section(command, path, section)
        });
    // A subcommand that has an argument of a global's id does not get that global: these get hidden copies,
    // still accepted (and ignored) as before, but not listed in their help.
    let globals: Vec<clap::Arg> = command
        .get_arguments()
        .filter(|arg| arg.is_global_set())
        .cloned()
        .collect();
    for name in WITHOUT_GLOBALS {
        command = command.mut_subcommand(name, |sub| {
            sub.args(globals.iter().map(|arg| arg.clone().hide(true)))
        });
    }
    // Help fits the terminal as tables do (an 80-column one broke its long lines mid-word); a pipe or a file
    // gets every paragraph on one line (0: no wrapping), as before.
    let width =
        crate::output::terminal_width(std::env::var("COLUMNS").ok().as_deref()).unwrap_or(0);
    command.term_width(width)
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
                .get_before_help()
                .map(ToString::to_string)
                .unwrap_or_default();
            assert!(help.contains(" /api/v2/"), "{path:?}: {help}");
            assert!(
                help.contains("https://developer.genesys.cloud/devapps/api-explorer#"),
                "{help}"
            );
        }
        let get = find(&command, &["oauth", "clients", "get"])
            .get_before_help()
            .unwrap()
            .to_string();
        assert!(
            get.contains("GET /api/v2/oauth/clients/{clientId} (getOauthClient), permission: oauth:client:view"),
            "{get}"
        );
        assert!(
            get.contains("https://developer.genesys.cloud/devapps/api-explorer#get-api-v2-oauth-clients--clientId-"),
            "{get}"
        );
        let scopes = find(&command, &["oauth", "scopes", "list"])
            .get_before_help()
            .unwrap()
            .to_string();
        assert!(scopes.contains("no permission needed"), "{scopes}");
    }
}
