//! `genesys organizations me [get]`, as gc names it.

use clap::Subcommand;
use genesys_cloud_core::ops::GetOrganizationsMe;
use genesys_cloud_models::Organization;

use super::authorization::GetAction;
use super::send;
use crate::cli_error::CliError;
use crate::output::access_table;
use crate::session::Session;

/// `genesys organizations ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum OrganizationsCommand {
    /// The organization of the token (`me` or `me get`).
    Me {
        #[command(subcommand)]
        action: Option<GetAction>,
    },
}

pub(super) async fn run(session: &Session, command: OrganizationsCommand) -> Result<(), CliError> {
    match command {
        OrganizationsCommand::Me { .. } => {
            let body = send(session, GetOrganizationsMe::new()).await?;
            session
                .output
                .show::<Organization>(&body, access_table::organization)
        }
    }
}
