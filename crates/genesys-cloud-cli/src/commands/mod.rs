//! The `genesys oauth ...` commands, one module per resource.

mod authorizations;
mod bulk;
mod clients;
mod scopes;
mod usage;

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

/// Runs an `oauth` command.
pub(crate) async fn run(session: &Session, command: OauthCommand) -> Result<(), CliError> {
    match command {
        OauthCommand::Clients(command) => clients::run(session, command).await,
        OauthCommand::Authorizations(command) => authorizations::run(session, command).await,
        OauthCommand::Scopes(command) => scopes::run(session, command).await,
    }
}

/// The request skeleton `--print-request-body` asks for, if the command has that flag set.
pub(crate) fn skeleton(command: &OauthCommand) -> Option<Vec<u8>> {
    match command {
        OauthCommand::Clients(command) => clients::skeleton(command),
        _ => None,
    }
}

/// Runs `--directory --dry-run` if the command asks for it: it sends nothing, so it needs no credentials and runs
/// before they are looked for. `None` for every other command.
pub(crate) fn dry_run(
    command: &OauthCommand,
    output: &Output,
    input: Option<InputFormat>,
) -> Option<Result<(), CliError>> {
    match command {
        OauthCommand::Clients(command) => clients::dry_run(command)
            .map(|(body, what)| bulk::check_each(output, input, body, what)),
        _ => None,
    }
}

pub(crate) use crate::call::send;
