//! `genesys oauth scopes list|get`.

use clap::Subcommand;
use genesys_cloud_core::ops::{GetOauthScope, GetOauthScopes};
use genesys_cloud_models::{OAuthScope, OAuthScopeListing};

use super::send;
use crate::cli_error::CliError;
use crate::output::table;
use crate::session::Session;

/// `genesys oauth scopes ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum ScopesCommand {
    /// List the scopes OAuth clients can ask for.
    List {
        /// The language of the descriptions, such as `fr` or `de-DE` (sent as Accept-Language).
        #[arg(long, value_name = "LANG")]
        accept_language: Option<String>,
    },
    /// Get one scope.
    Get {
        /// The scope id, such as `users:readonly`.
        scope_id: String,
        /// The language of the description, such as `fr` or `de-DE` (sent as Accept-Language).
        #[arg(long, value_name = "LANG")]
        accept_language: Option<String>,
    },
}

pub(super) async fn run(session: &Session, command: ScopesCommand) -> Result<(), CliError> {
    match command {
        ScopesCommand::List { accept_language } => {
            let mut operation = GetOauthScopes::new();
            if let Some(language) = accept_language {
                operation = operation.with_accept_language(language);
            }
            let body = send(session, operation).await?;
            session
                .output
                .show::<OAuthScopeListing>(&body, table::scopes)
        }
        ScopesCommand::Get {
            scope_id,
            accept_language,
        } => {
            let mut operation = GetOauthScope::new(scope_id);
            if let Some(language) = accept_language {
                operation = operation.with_accept_language(language);
            }
            let body = send(session, operation).await?;
            session.output.show::<OAuthScope>(&body, table::scope)
        }
    }
}
