//! `genesys oauth authorizations list|get`.

use clap::Subcommand;
use genesys_cloud_core::ops::{GetOauthAuthorization, GetOauthAuthorizations};
use genesys_cloud_models::{OAuthAuthorization, OAuthAuthorizationListing};

use super::send;
use crate::cli_error::CliError;
use crate::output::table;
use crate::session::Session;

/// `genesys oauth authorizations ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum AuthorizationsCommand {
    /// List the authorizations users gave to code-grant clients.
    List {
        /// The language of the answer, such as `fr` (sent as Accept-Language).
        #[arg(long, value_name = "LANG")]
        accept_language: Option<String>,
    },
    /// Get the authorization of one client.
    Get {
        /// The client id.
        client_id: String,
        /// The language of the answer, such as `fr` (sent as Accept-Language).
        #[arg(long, value_name = "LANG")]
        accept_language: Option<String>,
    },
}

pub(super) async fn run(session: &Session, command: AuthorizationsCommand) -> Result<(), CliError> {
    match command {
        AuthorizationsCommand::List { accept_language } => {
            let mut operation = GetOauthAuthorizations::new();
            if let Some(language) = accept_language {
                operation = operation.with_accept_language(language);
            }
            let body = send(session, operation).await?;
            session
                .output
                .show::<OAuthAuthorizationListing>(&body, table::authorizations)
        }
        AuthorizationsCommand::Get {
            client_id,
            accept_language,
        } => {
            let mut operation = GetOauthAuthorization::new(client_id);
            if let Some(language) = accept_language {
                operation = operation.with_accept_language(language);
            }
            let body = send(session, operation).await?;
            session
                .output
                .show::<OAuthAuthorization>(&body, table::authorization)
        }
    }
}
