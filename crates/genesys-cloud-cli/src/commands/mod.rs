//! The `genesys oauth ...` commands, one module per resource.

mod authorization;
mod authorizations;
mod bulk;
mod clients;
mod listing;
mod organizations;
pub(crate) mod roles;
mod scopes;
mod tokens;
mod usage;

pub(crate) use authorization::AuthorizationCommand;
pub(crate) use organizations::OrganizationsCommand;
pub(crate) use tokens::TokensCommand;

use clap::Subcommand;

use crate::cli::InputFormat;
use crate::cli_error::CliError;
use crate::output::Output;
use crate::session::Session;

/// `genesys oauth ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum OauthCommand {
    /// OAuth clients: list, get, create, update, delete, their secrets and their API usage.
    #[command(subcommand)]
    Clients(clients::ClientsCommand),
    /// Users' authorizations of code-grant clients.
    #[command(subcommand)]
    Authorizations(authorizations::AuthorizationsCommand),
    /// The scopes OAuth clients can ask for.
    #[command(subcommand)]
    Scopes(scopes::ScopesCommand),
}

/// A command that calls the API: `oauth`, `tokens`, `authorization` or `organizations`.
#[derive(Debug)]
pub(crate) enum ApiCommand {
    Oauth(OauthCommand),
    Tokens(TokensCommand),
    Authorization(AuthorizationCommand),
    Organizations(OrganizationsCommand),
}

/// Runs an API command.
pub(crate) async fn run(session: &Session, command: ApiCommand) -> Result<(), CliError> {
    match command {
        ApiCommand::Oauth(OauthCommand::Clients(command)) => clients::run(session, command).await,
        ApiCommand::Oauth(OauthCommand::Authorizations(command)) => {
            authorizations::run(session, command).await
        }
        ApiCommand::Oauth(OauthCommand::Scopes(command)) => scopes::run(session, command).await,
        ApiCommand::Tokens(command) => tokens::run(session, command).await,
        ApiCommand::Authorization(command) => authorization::run(session, command).await,
        ApiCommand::Organizations(command) => organizations::run(session, command).await,
    }
}

/// The request skeleton `--print-request-body` asks for, if the command has that flag set.
pub(crate) fn skeleton(command: &ApiCommand) -> Option<Vec<u8>> {
    match command {
        ApiCommand::Oauth(OauthCommand::Clients(command)) => clients::skeleton(command),
        _ => None,
    }
}

/// Runs `--directory --dry-run` if the command asks for it: it sends nothing, so it needs no credentials and runs
/// before they are looked for. `None` for every other command.
pub(crate) fn dry_run(
    command: &ApiCommand,
    output: &Output,
    input: Option<InputFormat>,
) -> Option<Result<(), CliError>> {
    match command {
        ApiCommand::Oauth(OauthCommand::Clients(command)) => {
            clients::dry_run(command).map(|(body, what)| {
                if body.roles.is_empty() {
                    bulk::check_each(output, input, body, what)
                } else {
                    Err(CliError::usage(
                        "--role names are resolved through the API, which --dry-run does not call; use \
                         --role-division ROLE_ID:DIVISION_ID",
                    ))
                }
            })
        }
        _ => None,
    }
}

pub(crate) use crate::call::send;
