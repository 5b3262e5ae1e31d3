//! [`Session`]: the client a command sends with, and the embedded emulator behind `--emulator`.

use std::time::Duration;

use genesys_cloud::{Client, Credentials};
use genesys_cloud_emulator::{Emulator, EmulatorConfig};

use crate::cli::InputFormat;
use crate::cli_error::CliError;
use crate::output::Output;
use crate::settings::{Auth, Resolved, Target};

/// The longest one attempt of a call may take under `--timeout` (the executor's default).
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);

/// Everything a command needs.
#[derive(Debug)]
pub(crate) struct Session {
    /// The API client.
    pub(crate) client: Client,
    /// Where results go.
    pub(crate) output: Output,
    /// Whether requests are traced to standard error (which then shows no spinner).
    pub(crate) verbose: bool,
    /// `--input`: how request bodies are read (by file extension when `None`).
    pub(crate) input: Option<InputFormat>,
    /// The secrets to keep out of the error lines a command prints itself (`--directory`'s, one per file).
    pub(crate) secrets: Vec<String>,
    /// The id of the OAuth client whose credentials this command uses, if any: deleting it, rotating its
    /// secret or deactivating it locks the user out, so those ask for `--yes`.
    pub(crate) own_client_id: Option<String>,
    /// `--timeout`: the longest a call may take, and how long usage rows are waited for.
    pub(crate) timeout: Option<Duration>,
    emulator: Option<Emulator>,
}

impl Session {
    /// Starts the embedded emulator if asked for, and builds the client.
    pub(crate) async fn open(
        resolved: Resolved,
        output: Output,
        verbose: bool,
        input: Option<InputFormat>,
        timeout: Option<Duration>,
    ) -> Result<Self, CliError> {
        let secrets = resolved.secrets.clone();
        let emulator = match resolved.target {
            Target::Emulator => Some(
                Emulator::start(EmulatorConfig::default().demo_data(true))
                    .await
                    .map_err(|error| {
                        CliError::environment(format!(
                            "cannot start the embedded emulator: {error}"
                        ))
                    })?,
            ),
            _ => None,
        };
        let mut builder =
            Client::builder().user_agent_suffix(concat!("genesys-cli/", env!("CARGO_PKG_VERSION")));
        if let Some(timeout) = timeout {
            builder = builder
                .total_timeout(timeout)
                .attempt_timeout(timeout.min(ATTEMPT_TIMEOUT));
        }
        builder = match (&resolved.target, &emulator) {
            (_, Some(emulator)) => builder.base_url(emulator.base_url()),
            (Target::BaseUrl(url), _) => builder.base_url(url.clone()),
            (Target::Environment(environment), _) => builder.environment(environment.clone()),
            (Target::Emulator, None) => builder,
        };
        let credentials = match (resolved.auth, &emulator) {
            (Auth::Credentials(credentials), _) => credentials,
            (Auth::EmulatorAdmin, Some(emulator)) => Credentials::client_credentials(
                emulator.admin_client_id(),
                emulator.admin_client_secret(),
            ),
            (Auth::EmulatorAdmin, None) => {
                return Err(CliError::environment(
                    "the emulator's admin credentials need --emulator",
                ));
            }
        };
        let own_client_id = match &credentials {
            Credentials::ClientCredentials { client_id, .. }
            | Credentials::RefreshToken { client_id, .. }
            | Credentials::AuthorizationCode { client_id, .. }
            | Credentials::Pkce { client_id, .. } => Some(client_id.clone()),
            _ => None,
        };
        let client = builder.credentials(credentials).build()?;
        Ok(Self {
            client,
            output,
            verbose,
            input,
            secrets,
            own_client_id,
            timeout,
            emulator,
        })
    }

    /// Stops the embedded emulator, if any.
    pub(crate) async fn close(self) {
        if let Some(emulator) = self.emulator {
            emulator.shutdown().await;
        }
    }
}
