//! `genesys tokens me get|head|delete`, `genesys tokens delete USER_ID` and `genesys tokens timeout get|update`,
//! as gc names them.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use genesys_cloud_core::ops::{
    DeleteToken, DeleteTokensMe, GetTokensMe, GetTokensTimeout, HeadTokensMe, PutTokensTimeout,
};
use genesys_cloud_models::{IdleTokenTimeout, TokenInfo};

use super::send;
use crate::body;
use crate::cli_error::CliError;
use crate::output::access_table;
use crate::output::table::clean;
use crate::session::Session;

/// `genesys tokens ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum TokensCommand {
    /// The token this command uses: what it is (the default), whether it is valid, or revoke it.
    Me {
        #[command(subcommand)]
        action: Option<MeAction>,
    },
    /// Revoke every token of a user (permission oauth:token:delete).
    Delete {
        /// The user id.
        user_id: String,
    },
    /// The organization's idle token timeout.
    #[command(subcommand)]
    Timeout(TimeoutCommand),
}

/// `genesys tokens me ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum MeAction {
    /// What the token is: organization, client, scopes, and when it idles out (the default).
    Get {
        /// Do not reset the token's idle time with this call.
        #[arg(long)]
        preserve_idle_ttl: bool,
    },
    /// Whether the token is valid: exit status 0 if it is, 1 if not.
    Head,
    /// Revoke the token this command uses, on the server (a logout of that token).
    Delete,
}

/// `genesys tokens timeout ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum TimeoutCommand {
    /// Show the idle token timeout.
    Get,
    /// Change the idle token timeout (permission directory:organization:admin), from flags or from an
    /// IdleTokenTimeout as JSON or YAML (--file, or standard input). Flags change what they name in the current
    /// setting.
    Update(TimeoutBody),
}

/// The body of `tokens timeout update`.
#[derive(Debug, Args)]
pub(crate) struct TimeoutBody {
    /// The IdleTokenTimeout as JSON or YAML from FILE, or `-` for standard input.
    #[arg(short = 'f', long, value_name = "FILE")]
    file: Option<PathBuf>,
    /// Turn the timeout on.
    #[arg(long, conflicts_with = "disable")]
    enable: bool,
    /// Turn the timeout off.
    #[arg(long)]
    disable: bool,
    /// How long a token may stay unused, in seconds (300 to 28800).
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(i32).range(300..=28_800))]
    seconds: Option<i32>,
}

impl TimeoutBody {
    fn has_fields(&self) -> bool {
        self.enable || self.disable || self.seconds.is_some()
    }

    fn apply(&self, timeout: &mut IdleTokenTimeout) {
        if self.enable {
            timeout.enable_idle_token_timeout = Some(true);
        }
        if self.disable {
            timeout.enable_idle_token_timeout = Some(false);
        }
        if let Some(seconds) = self.seconds {
            timeout.idle_token_timeout_seconds = Some(seconds);
        }
    }
}

pub(super) async fn run(session: &Session, command: TokensCommand) -> Result<(), CliError> {
    let output = &session.output;
    match command {
        TokensCommand::Me { action } => match action.unwrap_or(MeAction::Get {
            preserve_idle_ttl: false,
        }) {
            MeAction::Get { preserve_idle_ttl } => {
                let mut operation = GetTokensMe::new();
                if preserve_idle_ttl {
                    operation = operation.with_preserve_idle_ttl(true);
                }
                let body = send(session, operation).await?;
                output.show::<TokenInfo>(&body, access_table::token_info)
            }
            MeAction::Head => {
                send(session, HeadTokensMe::new()).await?;
                if output.is_table() {
                    output.text("the token is valid")?;
                }
                Ok(())
            }
            MeAction::Delete => {
                let sent = send(session, DeleteTokensMe::new()).await;
                // Revoked, or refused as dead already (401): either way the cached copy is of no use.
                if sent.is_ok()
                    || sent
                        .as_ref()
                        .is_err_and(|error| error.status() == Some(401))
                {
                    session.forget_cached_token();
                }
                sent?;
                if output.is_table() {
                    output.text(&format!(
                        "revoked the token on {}",
                        session.client.environment().api()
                    ))?;
                }
                Ok(())
            }
        },
        TokensCommand::Delete { user_id } => {
            send(session, DeleteToken::new(user_id.clone())).await?;
            if output.is_table() {
                output.text(&format!(
                    "revoked every token of user {} on {}",
                    clean(&user_id),
                    session.client.environment().api()
                ))?;
            }
            Ok(())
        }
        TokensCommand::Timeout(TimeoutCommand::Get) => {
            let body = send(session, GetTokensTimeout::new()).await?;
            output.show::<IdleTokenTimeout>(&body, access_table::timeout)
        }
        TokensCommand::Timeout(TimeoutCommand::Update(flags)) => {
            let timeout = match body::read(flags.file.as_deref(), flags.has_fields())? {
                Some(bytes) => {
                    let yaml = body::is_yaml(session.input, flags.file.as_deref());
                    let mut timeout: IdleTokenTimeout =
                        body::parse(&bytes, "IdleTokenTimeout", yaml)?;
                    flags.apply(&mut timeout);
                    timeout
                }
                None if flags.has_fields() => {
                    // PUT replaces the whole setting: start from what it is now.
                    let body = send(session, GetTokensTimeout::new()).await?;
                    let mut timeout: IdleTokenTimeout =
                        serde_json::from_slice(&body).map_err(|error| {
                            CliError::new(
                                crate::cli_error::Failure::Api,
                                format!("the current timeout could not be read: {error}"),
                            )
                        })?;
                    flags.apply(&mut timeout);
                    timeout
                }
                None => {
                    return Err(CliError::usage(
                        "no change: give --enable, --disable or --seconds N, or an IdleTokenTimeout with --file",
                    ));
                }
            };
            let body = send(session, PutTokensTimeout::new(timeout)).await?;
            output.show::<IdleTokenTimeout>(&body, access_table::timeout)
        }
    }
}
