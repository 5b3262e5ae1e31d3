//! `genesys logout`: revokes the cached tokens on the server (`DELETE /api/v2/tokens/me`, each with its own token),
//! then forgets them, and says which happened. A token the server cannot be asked to revoke is still forgotten.

use std::process::ExitCode;
use std::time::Duration;

use genesys_cloud::{Client, Credentials, Environment};

use crate::app::report;
use crate::cli::GlobalArgs;
use crate::cli_error::CliError;
use crate::login::LogoutArgs;
use crate::output::table::clean;
use crate::profile::DEFAULT_PROFILE;
use crate::settings;
use crate::token_store::{Entry, Key, Removed, TokenStore};

/// How long one revocation may take before logout gives up on it and only forgets the token.
const REVOKE_TIMEOUT: Duration = Duration::from_secs(10);

/// What the server said to the revocations.
#[derive(Debug, Default)]
struct Revocations {
    revoked: usize,
    /// Of those, the logins whose refresh token lives on: the API revokes access tokens only.
    refresh_tokens_left: usize,
    /// Tokens the server no longer took (401): nothing left to revoke.
    dead: usize,
    /// Tokens that could not be revoked, with why (the first reason of each target).
    failed: Vec<String>,
}

/// Runs `genesys logout`.
pub(crate) fn logout(global: &GlobalArgs, args: &LogoutArgs) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            let error = CliError::environment(format!("cannot start the async runtime: {error}"));
            return report(&error, &[]);
        }
    };
    match runtime.block_on(run(global, args)) {
        Ok((message, warnings)) => {
            for warning in warnings {
                crate::token_store::warn(&warning);
            }
            println!("{message}");
            ExitCode::SUCCESS
        }
        Err(error) => report(&error, &[]),
    }
}

async fn run(global: &GlobalArgs, args: &LogoutArgs) -> Result<(String, Vec<String>), CliError> {
    let home = settings::home_dir().ok_or_else(|| {
        CliError::environment("genesys logout needs the home directory, but HOME is not set")
    })?;
    let store = TokenStore::in_home(&home);
    let named = global.profile.as_deref();
    let profile = named.unwrap_or(DEFAULT_PROFILE);
    // Without --profile, the tokens of credentials from flags and environment variables go too.
    let selected = |key: &Key| {
        args.all
            || key.profile.eq_ignore_ascii_case(profile)
            || (named.is_none() && key.profile.is_empty())
    };
    let revocations = if args.local_only {
        Revocations::default()
    } else {
        let ca_cert = global
            .ca_cert
            .as_deref()
            .map(crate::session::read_ca_cert)
            .transpose()?;
        revoke(&store.entries(selected), ca_cert.as_deref()).await
    };
    let removed = store.remove(selected).map_err(|error| {
        CliError::environment(format!(
            "cannot change the token cache {}: {error}",
            store.path().display()
        ))
    })?;
    let whose = if args.all {
        String::new()
    } else if named.is_none() {
        format!(" of profile `{profile}` and of flags and environment variables")
    } else {
        format!(" of profile `{profile}`")
    };
    Ok(message(&revocations, &removed, &whose, &store))
}

/// The line logout prints and the warnings before it.
fn message(
    revocations: &Revocations,
    removed: &Removed,
    whose: &str,
    store: &TokenStore,
) -> (String, Vec<String>) {
    let mut done = Vec::new();
    if revocations.revoked > 0 {
        done.push(format!(
            "revoked {} token(s) on the server",
            revocations.revoked
        ));
    }
    if revocations.dead > 0 {
        done.push(format!(
            "{} token(s) were no longer valid on the server",
            revocations.dead
        ));
    }
    done.push(format!("forgot {} cached token(s){whose}", removed.count));
    let mut line = done.join("; ");
    if let Some(first) = line.get(..1) {
        line = first.to_uppercase() + &line[1..];
    }
    if removed.untrusted_file {
        line.push_str(&format!(
            "; removed the token cache {}, which was not trusted",
            store.path().display()
        ));
    }
    line.push('.');
    let mut warnings: Vec<String> = revocations
        .failed
        .iter()
        .map(|why| {
            format!("could not revoke a token on the server ({why}); it was forgotten here but stays valid there until it expires")
        })
        .collect();
    if revocations.refresh_tokens_left > 0 {
        warnings.push(format!(
            "{} login(s) had a refresh token, which the API cannot revoke: it was forgotten here and stays valid \
             on the server until it expires",
            revocations.refresh_tokens_left
        ));
    }
    (line, warnings)
}

/// Revokes each fresh token of `entries` with its own token, one at a time; expired ones have nothing to revoke.
async fn revoke(entries: &[Entry], ca_cert: Option<&[u8]>) -> Revocations {
    let mut outcome = Revocations::default();
    for entry in entries.iter().filter(|entry| entry.is_fresh()) {
        let environment = match Environment::from_api_url(&entry.key.environment) {
            Ok(environment) => environment,
            Err(error) => {
                outcome
                    .failed
                    .push(format!("{}: {error}", clean(&entry.key.environment)));
                continue;
            }
        };
        let mut builder = Client::builder()
            .environment(environment)
            .user_agent_suffix(concat!("genesys-cli/", env!("CARGO_PKG_VERSION")))
            .total_timeout(REVOKE_TIMEOUT)
            .credentials(Credentials::access_token(entry.token().access_token));
        if let Some(pem) = ca_cert {
            builder = builder.add_root_certificates_pem(pem.to_vec());
        }
        let result = match builder.build() {
            Ok(client) => client.delete_tokens_me().await,
            Err(error) => Err(error),
        };
        match result {
            Ok(()) => {
                outcome.revoked += 1;
                if entry.token().refresh_token.is_some() {
                    outcome.refresh_tokens_left += 1;
                }
            }
            Err(error) if error.is_unauthorized() => outcome.dead += 1,
            Err(error) => {
                let line = CliError::from(error).line(&entry.secrets());
                outcome.failed.push(format!(
                    "{}: {}",
                    clean(&entry.key.environment),
                    line.trim_start_matches("error: ")
                ));
            }
        }
    }
    outcome
}
