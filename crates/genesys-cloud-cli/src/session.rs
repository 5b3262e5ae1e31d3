//! [`Session`]: the client a command sends with, and the embedded emulator behind `--emulator`.

use genesys_cloud::{Client, Credentials};
use genesys_cloud_emulator::{Emulator, EmulatorConfig};

use crate::cli::InputFormat;
use crate::cli_error::CliError;
use crate::output::Output;
use crate::settings::{Auth, Resolved, Target};

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
    emulator: Option<Emulator>,
}

impl Session {
    /// Starts the embedded emulator if asked for, and builds the client (trusting `ca_cert`, PEM, if given).
    pub(crate) async fn open(
        resolved: Resolved,
        output: Output,
        verbose: bool,
        input: Option<InputFormat>,
        ca_cert: Option<Vec<u8>>,
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
        if let Some(pem) = ca_cert {
            builder = builder.add_root_certificates_pem(pem);
        }
        let client = builder.credentials(credentials).build()?;
        Ok(Self {
            client,
            output,
            verbose,
            input,
            secrets,
            own_client_id,
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

/// The most of a `--ca-cert` file that is read: a CA bundle of every public root is about 200 KiB.
const CA_CERT_LIMIT: u64 = 1 << 20;

/// Reads the PEM text of `--ca-cert` (its certificates are checked when the client is built).
pub(crate) fn read_ca_cert(path: &std::path::Path) -> Result<Vec<u8>, CliError> {
    use std::io::Read;
    let cannot = |error: std::io::Error| {
        CliError::environment(format!("cannot read --ca-cert {}: {error}", path.display()))
    };
    let mut pem = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(CA_CERT_LIMIT + 1).read_to_end(&mut pem))
        .map_err(cannot)?;
    if pem.len() as u64 > CA_CERT_LIMIT {
        return Err(CliError::environment(format!(
            "--ca-cert {} is larger than 1 MiB; it should hold PEM certificates only",
            path.display()
        )));
    }
    Ok(pem)
}
