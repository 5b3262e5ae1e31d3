//! `genesys oauth clients list|get|create|update|delete` and `secret create`.

use clap::Subcommand;
use genesys_cloud_core::ops::{
    DeleteOauthClient, GetOauthClient, GetOauthClients, PostOauthClientSecret, PostOauthClients,
    PutOauthClient,
};
use genesys_cloud_models::{ClientState, OAuthClient, OAuthClientRequest};

use super::bulk::{self, Bulk};
use super::{send, usage};
use crate::body::ClientBody;
use crate::call::{target, watch};
use crate::cli_error::CliError;
use crate::output::table;
use crate::session::Session;

/// `genesys oauth clients ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum ClientsCommand {
    /// List the OAuth clients of the organization.
    List {
        /// Follow the pages to the last and print the clients of every page (as one JSON array).
        #[arg(short = 'a', long)]
        autopaginate: bool,
        /// Ask for pages of N clients with pageSize/pageNumber, parameters the API spec does not define here (the
        /// platform sends every client in one page regardless; without this flag none is sent).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(i32).range(1..))]
        page_size: Option<i32>,
    },
    /// Get one OAuth client.
    Get {
        /// The client id.
        client_id: String,
    },
    /// Create an OAuth client, from JSON or YAML (--file or standard input) or from flags; or one per file of
    /// --directory.
    Create {
        #[command(flatten)]
        body: ClientBody,
    },
    /// Replace an OAuth client with JSON or YAML (--file or standard input), or change the fields named by flags;
    /// or each client of --directory (its files hold the ids).
    Update {
        /// The client id (not with --directory, whose files hold the ids).
        #[arg(
            required_unless_present_any = ["directory", "print_request_body"],
            conflicts_with = "directory"
        )]
        client_id: Option<String>,
        #[command(flatten)]
        body: ClientBody,
        /// Allow setting inactive or disabled the very client whose credentials this command uses (which locks
        /// you out).
        #[arg(long)]
        yes: bool,
    },
    /// Delete an OAuth client (it must be inactive; see --force).
    Delete {
        /// The client id.
        client_id: String,
        /// Set the client inactive first if it is not, delete it, and wait until it is gone. Asks for
        /// confirmation on a terminal; elsewhere (scripts, pipes) it needs --yes.
        #[arg(long)]
        force: bool,
        /// Confirm: delete without asking, also the client whose credentials this command uses.
        #[arg(long)]
        yes: bool,
    },
    /// The client's secret.
    #[command(subcommand)]
    Secret(SecretCommand),
    /// The client's API usage: summaries and queries.
    #[command(subcommand)]
    Usage(usage::UsageCommand),
}

/// `genesys oauth clients secret ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum SecretCommand {
    /// Regenerate the client's secret and show the new one; the old one stops working.
    Create {
        /// The client id.
        client_id: String,
        /// Allow regenerating the secret of the very client whose credentials this command uses (its current
        /// secret, in your profile or environment, stops working).
        #[arg(long)]
        yes: bool,
    },
}

pub(super) async fn run(session: &Session, mut command: ClientsCommand) -> Result<(), CliError> {
    let output = &session.output;
    // Role names are resolved once, before any body is read or sent (for --directory, once for every file).
    if let ClientsCommand::Create { body } | ClientsCommand::Update { body, .. } = &mut command {
        body.resolved_roles = super::roles::resolve(session, &body.roles).await?;
    }
    match command {
        ClientsCommand::List {
            autopaginate: true,
            page_size,
        } => list_all(session, page_size).await,
        ClientsCommand::List { page_size, .. } => {
            let mut operation = GetOauthClients::new();
            if let Some(size) = page_size {
                operation = operation.with_page(1, size);
            }
            let body = send(session, operation).await?;
            output.show::<table::ListPage>(&body, table::client_page)
        }
        ClientsCommand::Get { client_id } => {
            let body = send(session, GetOauthClient::new(client_id)).await?;
            output.show::<OAuthClient>(&body, table::client)
        }
        ClientsCommand::Create { body } if body.directory.is_some() => {
            bulk::send_each(session, &body, Bulk::Create).await
        }
        ClientsCommand::Update { body, .. } if body.directory.is_some() => {
            bulk::send_each(session, &body, Bulk::Update).await
        }
        ClientsCommand::Create { body } => {
            let request = match body.read(session.input)? {
                Some(request) => request,
                None if body.has_fields() => body.build_from_flags()?,
                None => return Err(no_body()),
            };
            let body = send(session, PostOauthClients::new(request)).await?;
            output.show::<OAuthClient>(&body, table::created_client)
        }
        ClientsCommand::Update {
            client_id,
            body,
            yes,
        } => {
            // Clap requires the id unless --directory (handled above) or --print-request-body (handled before a
            // session is opened) is given.
            let client_id = client_id.unwrap_or_default();
            let request = match body.read(session.input)? {
                Some(request) => request,
                None if body.has_fields() => {
                    // Read-modify-write: PUT replaces the whole client, so start from what it is now.
                    let mut request: OAuthClientRequest = watch(
                        session,
                        target(
                            &GetOauthClient::new(client_id.clone()),
                            session.client.environment(),
                        ),
                        session.client.get_oauth_client(&client_id),
                    )
                    .await?
                    .into_request();
                    body.apply(&mut request);
                    request
                }
                None => return Err(no_body()),
            };
            if !yes
                && matches!(
                    request.state,
                    Some(ClientState::Inactive | ClientState::Disabled)
                )
            {
                refuse_own(session, &client_id, "setting it inactive or disabled")?;
            }
            let body = send(session, PutOauthClient::new(client_id, request)).await?;
            output.show::<OAuthClient>(&body, table::client)
        }
        ClientsCommand::Delete {
            client_id,
            force,
            yes,
        } => {
            if !yes {
                refuse_own(session, &client_id, "deleting it")?;
            }
            if force {
                // A typo is not a success: the client must exist (the helper alone treats "gone" as done).
                let existing = watch(
                    session,
                    target(
                        &GetOauthClient::new(client_id.clone()),
                        session.client.environment(),
                    ),
                    session.client.get_oauth_client(&client_id),
                )
                .await?;
                if !yes {
                    confirm_forced_delete(&client_id, &existing.name)?;
                }
                watch(
                    session,
                    target(
                        &DeleteOauthClient::new(client_id.clone()),
                        session.client.environment(),
                    ),
                    session.client.delete_oauth_client_completely(&client_id),
                )
                .await?;
            } else {
                send(session, DeleteOauthClient::new(client_id.clone()))
                    .await
                    .map_err(|error| error.with_hint_for_code(
                        "cannot.delete.client",
                        "set it inactive first (update ID --state inactive), or delete it with --force",
                    ))?;
            }
            if output.is_table() {
                output.text(&format!(
                    "deleted OAuth client {}",
                    table::clean(&client_id)
                ))?;
            }
            Ok(())
        }
        ClientsCommand::Secret(SecretCommand::Create { client_id, yes }) => {
            if !yes {
                refuse_own(session, &client_id, "regenerating its secret")?;
            }
            let body = send(session, PostOauthClientSecret::new(client_id)).await?;
            output.show::<OAuthClient>(&body, table::new_secret)
        }
        ClientsCommand::Usage(command) => usage::run(session, command).await,
    }
}

/// `--directory` with `--dry-run`, which needs neither credentials nor a connection: the command's body
/// arguments and what it does with each file, if it is one.
pub(super) fn dry_run(command: &ClientsCommand) -> Option<(&ClientBody, Bulk)> {
    match command {
        ClientsCommand::Create { body } if body.dry_run => Some((body, Bulk::Create)),
        ClientsCommand::Update { body, .. } if body.dry_run => Some((body, Bulk::Update)),
        _ => None,
    }
}

/// The skeleton `--print-request-body` asks for, if it does.
pub(super) fn skeleton(command: &ClientsCommand) -> Option<Vec<u8>> {
    match command {
        ClientsCommand::Create { body } | ClientsCommand::Update { body, .. }
            if body.print_request_body =>
        {
            Some(crate::skeleton::client_request())
        }
        ClientsCommand::Usage(command) => usage::skeleton(command),
        _ => None,
    }
}

/// Refuses `what` on the client whose credentials the command uses, unless `--yes` was given (checked by the
/// caller): the next command would fail to log in.
fn refuse_own(session: &Session, client_id: &str, what: &str) -> Result<(), CliError> {
    if session.own_client_id.as_deref() == Some(client_id) {
        return Err(CliError::usage(format!(
            "{} is the OAuth client whose credentials this command uses: {what} would lock you out; \
             add --yes if that is what you want",
            table::clean(client_id)
        )));
    }
    Ok(())
}

/// Asks on the terminal before a forced delete; without a terminal to ask on, `--yes` is needed.
fn confirm_forced_delete(client_id: &str, name: &str) -> Result<(), CliError> {
    use std::io::{BufRead, IsTerminal};
    let shown = format!("{} ({})", table::clean(client_id), table::clean(name));
    if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        return Err(CliError::usage(format!(
            "delete --force sets {shown} inactive and deletes it for good; add --yes to confirm when not at \
             a terminal"
        )));
    }
    eprint!(
        "Set {shown} inactive and delete it? This cannot be undone for a client younger than 30 days. [y/N] "
    );
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|error| CliError::usage(format!("no answer: {error}")))?;
    if matches!(answer.trim(), "y" | "Y" | "yes" | "YES" | "Yes") {
        Ok(())
    } else {
        Err(CliError::usage("not deleted"))
    }
}

fn no_body() -> CliError {
    CliError::usage(
        "no request body: give JSON with --file FILE or on standard input, or use flags such as --name \
         and --grant-type",
    )
}

/// Every page of the client list: a JSON array of all entities, or one table.
async fn list_all(session: &Session, page_size: Option<i32>) -> Result<(), CliError> {
    let first = match page_size {
        Some(size) => GetOauthClients::new().with_page(1, size),
        None => GetOauthClients::new(),
    };
    let array = super::listing::all_entities(session, first, "the client list").await?;
    session
        .output
        .show::<Vec<table::Listed>>(array.as_bytes(), |clients, fit| {
            table::clients(clients, fit)
        })
}
