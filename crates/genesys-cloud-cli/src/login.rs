//! `genesys login` and `genesys logout`: a user signs in in the browser with a public OAuth client (the
//! authorization code grant with PKCE, S256), and the token is kept in the token cache for later commands.

use std::io::Write as _;
use std::process::ExitCode;
use std::time::{Duration, SystemTime};

use clap::Args;
use genesys_cloud::token::{AuthorizationCode, AuthorizeUrl, PkceVerifier, ResponseType};
use genesys_cloud::{Client, Credentials, Environment};
use tokio::net::TcpListener;

use crate::app::report;
use crate::cli::GlobalArgs;
use crate::cli_error::CliError;
use crate::loopback::{self, Outcome, Redirect};
use crate::profile::{self, DEFAULT_PROFILE, GRANT_IMPLICIT, GRANT_PKCE, Profile};
use crate::settings;
use crate::token_store::{Entry, Key, Kind, TokenStore};

/// The redirect URI used when the profile names none; register it on the client.
pub(crate) const DEFAULT_REDIRECT: &str = "http://127.0.0.1/callback";

/// The long help of `genesys login`.
pub(crate) const LONG_ABOUT: &str = "\
Sign in as a user in the browser with a public OAuth client (authorization code grant with PKCE, S256), and keep \
the token in the token cache (~/.gc/genesys-tokens.json, mode 0600) for the commands that follow with the same \
profile.

The client is --client-id, or the profile's client_credentials; the environment is --environment or --base-url, \
or the profile's. A profile that does not exist yet is created in ~/.gc/config.toml with the client id, the \
environment and gc's grant_type = \"3\" (PKCE), so that `genesys --profile NAME ...` finds the login.

The browser comes back to a listener on 127.0.0.1. The redirect URI is the profile's redirect_uri, or \
http://127.0.0.1/callback; register it on the client (registeredRedirectUri):

http://127.0.0.1/callback: any free port is used (RFC 8252: a loopback IP without a port matches any).

http://127.0.0.1:8080/callback: that port is used, and must be free.

http://localhost:8080: gc's form: that port, on 127.0.0.1; the URI must match exactly, so name the port.

https redirect URIs (gc's secure login) and gc's implicit grant profiles are not supported.

The listener answers one request with this login's state and then closes; a request with another path or \
state gets an error page and the login keeps waiting. When the token expires, later commands renew it with the \
refresh token the server gave with it (the platform and the emulator give one to a PKCE login), or, without \
one, say to sign in again. `genesys logout` forgets the token.";

/// `genesys login`.
#[derive(Debug, Args)]
pub(crate) struct LoginArgs {
    /// The public OAuth client to sign in with (CODE grant, no secret needed) [default: the profile's
    /// client_credentials].
    #[arg(long, value_name = "ID")]
    client_id: Option<String>,
    /// Print the URL to open instead of opening the browser.
    #[arg(long)]
    no_browser: bool,
    /// How long to wait for the browser to come back (1 to 86400).
    #[arg(long, value_name = "SECONDS", default_value_t = 300,
          value_parser = clap::value_parser!(u64).range(1..=86_400))]
    wait: u64,
}

/// `genesys logout`.
#[derive(Debug, Args)]
pub(crate) struct LogoutArgs {
    /// Revoke and forget every cached token, of every profile.
    #[arg(long, conflicts_with = "profile")]
    pub(crate) all: bool,
    /// Only forget the cached tokens: do not revoke them on the server.
    #[arg(long)]
    pub(crate) local_only: bool,
}

/// What `genesys login` signs in with.
#[derive(Debug)]
struct Plan {
    profile: String,
    existing: Option<Profile>,
    client_id: String,
    environment: Environment,
    /// The environment setting to write into a new profile, as given.
    environment_setting: Option<String>,
    redirect: Redirect,
}

/// Checks that `uri` is a redirect URI `genesys login` can listen for.
pub(crate) fn check_redirect(uri: &str) -> Result<(), CliError> {
    Redirect::parse(uri).map(|_| ())
}

fn plan(global: &GlobalArgs, args: &LoginArgs) -> Result<(Plan, TokenStore), CliError> {
    if global.emulator {
        return Err(CliError::usage(
            "genesys login signs in to a running emulator or platform, not to --emulator's embedded one",
        ));
    }
    if global.clientsecret.is_some()
        || global.clientsecret_file.is_some()
        || global.accesstoken.is_some()
    {
        return Err(CliError::usage(
            "genesys login signs in with a public client and needs no secret or token",
        ));
    }
    if global.no_token_cache {
        return Err(CliError::usage(
            "genesys login keeps its token in the token cache: drop --no-token-cache",
        ));
    }
    let home = settings::home_dir().ok_or_else(|| {
        CliError::environment("genesys login needs the home directory, but HOME is not set")
    })?;
    let wanted = global.profile.as_deref().unwrap_or(DEFAULT_PROFILE);
    let existing = profile::load(&profile::config_path(&home), wanted, false)?;
    let name = existing
        .as_ref()
        .map_or_else(|| wanted.to_owned(), |found| found.name.clone());
    if let Some(found) = &existing {
        if found.grant_type.as_deref() == Some(GRANT_IMPLICIT) {
            return Err(CliError::environment(format!(
                "{} uses gc's implicit grant (grant_type = \"{GRANT_IMPLICIT}\"), which genesys does not support; \
                 genesys login signs in with PKCE: set grant_type = \"{GRANT_PKCE}\" on a CODE client",
                found.settings.origin()
            )));
        }
        if found.grant_type.as_deref() == Some("1") {
            // Commands with it would use client credentials and refuse the login (session's rule).
            return Err(CliError::environment(format!(
                "{} is a client-credentials profile (grant_type = \"1\"): its commands use client_secret, not a \
                 login; set client_secret there, or make it a PKCE profile (grant_type = \"{GRANT_PKCE}\") to sign in",
                found.settings.origin()
            )));
        }
        if found.settings.client_secret().is_some() {
            return Err(CliError::environment(format!(
                "{} holds client credentials (a client secret); genesys login signs in a user with a public \
                 client: use another profile (genesys login --profile NAME --client-id ID)",
                found.settings.origin()
            )));
        }
        if !found.token_cache {
            return Err(CliError::environment(format!(
                "{} turns the token cache off (genesys_token_cache = false), where genesys login keeps its token",
                found.settings.origin()
            )));
        }
    }
    let profile_client = existing
        .as_ref()
        .and_then(|found| found.settings.client_id().map(str::to_owned));
    let flag_client = args.client_id.clone().or_else(|| global.clientid.clone());
    let client_id = match (flag_client, profile_client) {
        (Some(flag), Some(own)) if flag != own => {
            return Err(CliError::usage(format!(
                "profile `{name}` is for client `{own}`, not `{flag}`: leave out --client-id, or sign in with \
                 another profile (--profile NAME)"
            )));
        }
        (Some(id), _) | (None, Some(id)) => id,
        (None, None) => {
            return Err(CliError::usage(format!(
                "which client? Give --client-id ID (a CODE client with redirect URI {DEFAULT_REDIRECT}), or \
                 set client_credentials in profile `{name}`"
            )));
        }
    };
    let profile_environment = existing
        .as_ref()
        .and_then(|found| found.settings.environment().map(str::to_owned));
    let (environment, environment_setting) = match (&global.base_url, &global.environment) {
        (Some(url), _) => (Environment::from_api_url(url), Some(url.clone())),
        (None, Some(name)) => (Environment::parse(name), Some(name.clone())),
        (None, None) => match &profile_environment {
            Some(name) => (Environment::parse(name), None),
            None => (Ok(Environment::default()), None),
        },
    };
    let environment = environment.map_err(|error| {
        CliError::environment(format!("the environment is not usable: {error}"))
    })?;
    let redirect = Redirect::parse(
        existing
            .as_ref()
            .and_then(|found| found.redirect_uri.as_deref())
            .unwrap_or(DEFAULT_REDIRECT),
    )?;
    Ok((
        Plan {
            profile: name,
            existing,
            client_id,
            environment,
            environment_setting,
            redirect,
        },
        TokenStore::in_home(&home),
    ))
}

/// Runs `genesys login`.
pub(crate) fn run(global: &GlobalArgs, args: LoginArgs) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            return report(
                &CliError::environment(format!("cannot start the async runtime: {error}")),
                &[],
            );
        }
    };
    match runtime.block_on(login(global, &args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => report(&error, &[]),
    }
}

async fn login(global: &GlobalArgs, args: &LoginArgs) -> Result<(), CliError> {
    let (plan, store) = plan(global, args)?;
    // Read before the browser is sent anywhere, so that a bad file fails at once.
    let ca_cert = global
        .ca_cert
        .as_deref()
        .map(crate::session::read_ca_cert)
        .transpose()?;
    let listener = TcpListener::bind(plan.redirect.listen_addr())
        .await
        .map_err(|error| {
            CliError::environment(format!(
                "cannot listen on {} for the browser's return: {error}",
                plan.redirect.listen_addr()
            ))
        })?;
    let port = listener
        .local_addr()
        .map_err(|error| CliError::environment(format!("cannot read the listening port: {error}")))?
        .port();
    let redirect_uri = plan.redirect.uri(port);
    let verifier = PkceVerifier::from_random_bytes(&random_bytes()?);
    let state = hex(&random_bytes()?[..16]);
    let url = AuthorizeUrl::new(&plan.client_id, &redirect_uri, ResponseType::Code)
        .with_pkce(&verifier)
        .with_state(&state)
        .build(&plan.environment)
        .map_err(|error| CliError::environment(format!("cannot build the sign-in URL: {error}")))?;
    let mut stderr = std::io::stderr().lock();
    if args.no_browser || !open_browser(&url) {
        let _ = writeln!(stderr, "Open this URL in a browser to sign in:\n\n{url}\n");
    } else {
        let _ = writeln!(
            stderr,
            "Opened the browser to sign in; if it did not open, visit:\n\n{url}\n"
        );
    }
    let _ = writeln!(
        stderr,
        "Waiting up to {} s for the browser to come back to {redirect_uri} (Ctrl-C to stop)...",
        args.wait
    );
    drop(stderr);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(args.wait);
    let code =
        match loopback::wait(listener, plan.redirect.request_path(), &state, deadline).await? {
            Outcome::Code(code) => code,
            Outcome::Refused { error, description } => {
                let hint = if error == "access_denied" {
                    ": access was not allowed in the browser"
                } else {
                    ""
                };
                return Err(CliError::environment(format!(
                    "the sign-in failed with {error}{}{hint}",
                    description.map(|d| format!(" ({d})")).unwrap_or_default()
                )));
            }
        };
    let mut builder = Client::builder();
    if let Some(pem) = ca_cert {
        builder = builder.add_root_certificates_pem(pem);
    }
    let client = builder
        .environment(plan.environment.clone())
        .user_agent_suffix(concat!("genesys-cli/", env!("CARGO_PKG_VERSION")))
        .credentials(Credentials::Pkce {
            client_id: plan.client_id.clone(),
            code: AuthorizationCode::new(code),
            verifier,
            redirect_uri,
        })
        .build()?;
    let source = format!(
        "client `{}` (sign-in for profile `{}`)",
        plan.client_id, plan.profile
    );
    let token = client
        .token()
        .await
        .map_err(|error| CliError::from(error).with_credentials_source(&source))?;
    let key = Key {
        environment: plan.environment.api().to_string(),
        client_id: plan.client_id.clone(),
        profile: plan.profile.clone(),
        secret_fingerprint: None,
    };
    store.put(Entry::new(key, Kind::Login, &token));
    // A new profile, or one without a client yet, is given this login's client so that commands with it find
    // the login; a profile that names the client already is left as it is.
    let client_known = plan
        .existing
        .as_ref()
        .is_some_and(|found| found.settings.client_id().is_some());
    if !client_known {
        crate::config_edit::save_login_profile(
            &plan.profile,
            &plan.client_id,
            plan.environment_setting.as_deref(),
        )?;
    }
    let valid = token
        .expires_at
        .and_then(|at| at.duration_since(SystemTime::now()).ok())
        .map(|left| format!("; the token is valid for {} minutes", left.as_secs() / 60))
        .unwrap_or_default();
    // The client's name when the user may read it (oauth:client:view); the OAuth API says nothing about the user
    // a token stands for, so the user is the one who signed in in the browser.
    let name = client
        .get_oauth_client(&plan.client_id)
        .total_timeout(Duration::from_secs(10))
        .await
        .ok()
        // The name is anyone's text (an administrator sets it): shown, never obeyed by the terminal.
        .map(|found| format!(" ({})", crate::output::table::clean(&found.name)))
        .unwrap_or_default();
    // The organization, which any token may read (getOrganizationsMe needs no permission).
    let organization = client
        .get_organizations_me()
        .total_timeout(Duration::from_secs(10))
        .await
        .ok()
        .and_then(|organization| organization.name)
        .map(|name| format!("organization `{}` at ", crate::output::table::clean(&name)))
        .unwrap_or_default();
    println!(
        "Logged in to {organization}{} as the user who signed in with client `{}`{name}, for profile `{}`{valid}.",
        plan.environment.api(),
        plan.client_id,
        plan.profile
    );
    Ok(())
}

/// 32 bytes from the operating system's secure random source.
fn random_bytes() -> Result<[u8; 32], CliError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|error| {
        CliError::environment(format!("no secure random numbers for the sign-in: {error}"))
    })?;
    Ok(bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Opens `url` in the system browser; `false` when that visibly failed (no opener, or it exited with an error).
fn open_browser(url: &str) -> bool {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        // `start` would read the URL's `&` as a command separator; the URL handler takes it whole.
        let mut command = std::process::Command::new("rundll32");
        command.arg("url.dll,FileProtocolHandler");
        command
    } else {
        std::process::Command::new("xdg-open")
    };
    let spawned = command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    let Ok(mut child) = spawned else {
        return false;
    };
    // An opener that hands the URL over exits at once; one still running after two seconds is taken as working.
    for _ in 0..40 {
        match child.try_wait() {
            Ok(Some(status)) => return status.success(),
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(_) => return false,
        }
    }
    true
}
