//! `genesys emulator`: runs the emulator until SIGINT or SIGTERM.

use std::io::{self, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Args;
use genesys_cloud_emulator::catalogue::{DEFAULT_ADMIN_CLIENT_ID, DEFAULT_ADMIN_CLIENT_SECRET};
use genesys_cloud_emulator::{Emulator, EmulatorConfig, FaultSpec};

pub(crate) const LONG_ABOUT: &str = "\
Run a local, stateful emulator of the Genesys Cloud OAuth API (all 13 operations), its token endpoint
(POST /oauth/token: client credentials, authorization code with or without PKCE, refresh token, SAML2 bearer)
and its browser login (GET /oauth/authorize: login and consent pages, code or implicit token), on one origin
over HTTP/1.1 and HTTP/2 cleartext, or over HTTPS with --tls-cert and --tls-key (PEM files).

Users sign in on the login page: add them with --user NAME:PASSWORD (repeatable); --demo adds the user `demo`
with the password `demo-password`, and the public PKCE client `genesys CLI`
(00000000-0000-4000-8000-00000000c11e, redirect URI http://127.0.0.1/callback on any port). A user's token
acts as that user, who holds every OAuth permission.

The first line on standard output is `listening on http://HOST:PORT` (`https://` with --tls-cert), a base URL
the genesys CLI accepts (for --listen 0.0.0.0 or [::] it names 127.0.0.1 or [::1]). The emulator runs until SIGINT or SIGTERM, then
finishes the requests in flight and exits with status 0.

A --listen address that is not loopback lets other machines in: it needs --client-secret with a secret of your
own (the default one is printed right below), and it is a test tool, whose ids, secrets and tokens are not
cryptographically strong.

Admin credentials: client id `emulator-admin`, secret `emulator-admin-secret` (change them with --client-id
and --client-secret). The admin client holds every OAuth permission.

Roles, for the roleDivisions of the clients you create (division Home, 00000000-0000-4000-8000-00000000d001, a
--division of yours, or *); `genesys authorization roles list` shows them, and `--role NAME` gives one by name:
  OAuth Admin         ...a001  every OAuth permission, oauth:token:delete and usage:client:view
  OAuth Viewer        ...a002  oauth:client:view
  Usage Viewer        ...a003  oauth:client:view, usage:client:view
  Employee            ...a004  none
  OAuth Editor        ...a005  oauth:client:view, add, edit
  Role Viewer         ...a006  authorization:role:view
  Organization Admin  ...a007  directory:organization:admin, authorization:role:view
(each id is 00000000-0000-4000-8000-00000000a00N)

Faults (--faults): a comma-separated list of KIND=PROBABILITY[:OPTION=VALUE], for example
`429=0.02:retry-after=1,503=0.02,reset-before=0.01,reset-after=0.01,slow=0.01:ms=300`. Kinds: 429 (with
Retry-After), 503, reset-before (connection closed, request not processed), reset-after (request processed,
connection broken during the response), slow (response delayed). The same --fault-seed gives the same faults.

GET /emulator/stats (no token needed, never faulted) reports requests, responses by status, injected faults,
tokens issued, mutations and the number of clients.

It keeps the platform's rules where they are known: a client can only give the roles its caller holds and be
edited by a caller holding its roles (403 otherwise); usage covers complete UTC days before today
(--usage-live for today's live counts); the client list is one page and ignores pageSize/pageNumber
(--paging-parameters, --page-size to page); inactive clients keep their tokens and are deleted at their
dateToDelete, disabled ones lose their tokens for good; a client older than 30 days is deactivated for 7 days
by a delete. The crate's README lists what still differs from the platform, and why.";

/// Options of `genesys emulator`.
#[derive(Debug, Args)]
pub(crate) struct EmulatorArgs {
    /// Address to listen on; port 0 picks a free port. An address that is not loopback needs --client-secret.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:0")]
    listen: SocketAddr,

    /// Client id of the admin client, which holds every OAuth permission.
    #[arg(long, value_name = "ID", default_value = DEFAULT_ADMIN_CLIENT_ID)]
    client_id: String,

    /// Secret of the admin client [default: emulator-admin-secret, on loopback addresses only].
    // No clap default: a --listen address that is not loopback must not run with the well-known secret.
    #[arg(long, value_name = "SECRET")]
    client_secret: Option<String>,

    /// Extra clients to seed, of varied grant types and states.
    #[arg(long, value_name = "N", default_value_t = 0)]
    seed_clients: usize,

    /// Page size of client listings, with linked pages (default: every client in one page, as on the platform).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    page_size: Option<u32>,

    /// Honour the pageSize and pageNumber query parameters of the client list, which the API spec does not define
    /// (by default they are ignored, as on the platform).
    #[arg(long)]
    paging_parameters: bool,

    /// Count usage up to the current second (by default, as on the platform, usage covers complete UTC days
    /// before today only).
    #[arg(long)]
    usage_live: bool,

    /// Refuse client scopes outside the emulator's catalogue (by default a scope need only be well formed, as the
    /// platform's catalogue grows beyond the emulator's).
    #[arg(long)]
    known_scopes_only: bool,

    /// At most N requests per access token per minute, beyond which requests answer 429 with Retry-After (the
    /// platform's limit for a client-credentials token is 300). Default: no limit.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    rate_limit_per_minute: Option<u32>,

    /// Faults to inject, such as `429=0.02,503=0.02,reset-before=0.01,reset-after=0.01,slow=0.01`.
    #[arg(long, value_name = "SPEC", value_parser = FaultSpec::parse)]
    faults: Option<FaultSpec>,

    /// Seed of the fault sequence.
    #[arg(long, value_name = "N", default_value_t = 0)]
    fault_seed: u64,

    /// Milliseconds a usage query stays Running before it is Complete.
    #[arg(long, value_name = "MS", default_value_t = 200)]
    usage_delay_ms: u64,

    /// Milliseconds during which a newly created client is invisible: 404 to reads, absent from the list, its
    /// login refused [default: 0, or 1500 with --demo].
    #[arg(long, value_name = "MS")]
    visibility_delay_ms: Option<u64>,

    /// Lifetime of access tokens, in seconds.
    #[arg(long, value_name = "S", default_value_t = 86_400, value_parser = clap::value_parser!(u64).range(1..))]
    token_lifetime_secs: u64,

    /// State file: loaded at start if it exists, saved atomically after every change.
    #[arg(long, value_name = "FILE")]
    state: Option<PathBuf>,

    /// Seed demo data: a dozen clients of every grant type and state, and authorizations in every state.
    #[arg(long)]
    demo: bool,

    /// A user who can sign in on the login page (GET /oauth/authorize), as NAME:PASSWORD; repeatable. The
    /// password may contain ':'.
    #[arg(long = "user", value_name = "NAME:PASSWORD")]
    users: Vec<UserArg>,

    /// A division besides Home, in which roles can be granted (its id is derived from the name); repeatable.
    #[arg(long = "division", value_name = "NAME")]
    divisions: Vec<String>,

    /// Serve HTTPS with the certificate chain of this PEM file (the server's certificate first); needs
    /// --tls-key. Clients must trust its issuer: `genesys --ca-cert CA.pem`, `curl --cacert CA.pem`.
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    tls_cert: Option<PathBuf>,

    /// The PEM private key (PKCS#8, PKCS#1 or SEC1) of --tls-cert.
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
}

/// A `--user NAME:PASSWORD` value, split at the first `:`. Its `Debug` never shows the password, and a bad value is
/// refused without echoing it (clap's own errors would print the whole value).
#[derive(Clone)]
struct UserArg(String);

impl std::str::FromStr for UserArg {
    type Err = std::convert::Infallible;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Ok(Self(value.to_owned()))
    }
}

impl std::fmt::Debug for UserArg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = self.0.split_once(':').map_or("?", |(name, _)| name);
        write!(f, "UserArg({name}:[redacted])")
    }
}

impl UserArg {
    /// The name and password; the error names the problem, never the value.
    fn split(&self) -> Result<(&str, &str), String> {
        match self.0.split_once(':') {
            Some((name, password)) if !name.is_empty() && !password.is_empty() => {
                Ok((name, password))
            }
            _ => Err(
                "--user takes NAME:PASSWORD, a non-empty name and password separated by ':'".into(),
            ),
        }
    }
}

impl EmulatorArgs {
    fn config(self) -> Result<EmulatorConfig, String> {
        let mut users = Vec::with_capacity(self.users.len());
        for user in &self.users {
            let (name, password) = user.split()?;
            users.push((name.to_owned(), password.to_owned()));
        }
        let mut config = EmulatorConfig::default()
            .listen(self.listen)
            .admin_credentials(
                self.client_id,
                self.client_secret
                    .unwrap_or_else(|| DEFAULT_ADMIN_CLIENT_SECRET.to_owned()),
            )
            .seed_clients(self.seed_clients)
            .page_size(self.page_size)
            .faults(self.faults.unwrap_or_default())
            .fault_seed(self.fault_seed)
            .usage_delay(Duration::from_millis(self.usage_delay_ms))
            .token_lifetime(Duration::from_secs(self.token_lifetime_secs))
            .demo_data(self.demo)
            .paging_parameters(self.paging_parameters)
            .usage_live(self.usage_live)
            .known_scopes_only(self.known_scopes_only)
            .rate_limit_per_minute(self.rate_limit_per_minute);
        if let Some(ms) = self.visibility_delay_ms {
            config = config.visibility_delay(Duration::from_millis(ms));
        }
        if let Some(state) = self.state {
            config = config.state_file(state);
        }
        if let (Some(cert), Some(key)) = (self.tls_cert, self.tls_key) {
            config = config.tls_pem_files(cert, key);
        }
        for (name, password) in users {
            config = config.user(name, password);
        }
        for name in self.divisions {
            config = config.division(name);
        }
        Ok(config)
    }
}

/// The exit status when the emulator cannot start (port in use, corrupt state file...): an environment
/// error, 3, as for the other commands; 1 is for API errors.
const STARTUP_FAILURE: u8 = 3;

/// The exit status of a malformed option value, as clap gives for the others.
const USAGE_ERROR: u8 = 2;

pub(crate) fn run(args: EmulatorArgs) -> ExitCode {
    // Warnings such as a failed state save go to stderr; stdout stays for the `listening on` line.
    let _ = tracing_subscriber::fmt()
        .with_writer(io::stderr)
        .with_max_level(tracing_subscriber::filter::LevelFilter::WARN)
        .try_init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            let _ = writeln!(
                io::stderr(),
                "genesys emulator: cannot start the async runtime: {error}"
            );
            return ExitCode::from(STARTUP_FAILURE);
        }
    };
    let config = match args.config() {
        Ok(config) => config,
        Err(message) => {
            let _ = writeln!(io::stderr(), "genesys emulator: {message}");
            return ExitCode::from(USAGE_ERROR);
        }
    };
    match runtime.block_on(serve(config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            let _ = writeln!(io::stderr(), "genesys emulator: {message}");
            ExitCode::from(STARTUP_FAILURE)
        }
    }
}

async fn serve(config: EmulatorConfig) -> Result<(), String> {
    // Handlers go in before the address is announced, so a signal sent right after is never fatal.
    let signals = Signals::install().map_err(|e| format!("cannot handle signals: {e}"))?;
    let emulator = Emulator::start(config).await.map_err(|e| e.to_string())?;
    let mut stdout = io::stdout().lock();
    writeln!(stdout, "listening on {}", emulator.base_url())
        .and_then(|()| stdout.flush())
        .map_err(|e| format!("cannot write to stdout: {e}"))?;
    drop(stdout);
    if let Some(warning) = exposure_warning(emulator.local_addr()) {
        let _ = writeln!(io::stderr(), "{warning}");
    }
    // A closed stderr (its reader gone) is no reason to fail: these lines are for a person.
    let _ = writeln!(
        io::stderr(),
        "admin client id: {} (its secret is the --client-secret value; see --help); stop with Ctrl-C",
        emulator.admin_client_id()
    );
    let signal = signals.wait().await;
    let _ = writeln!(io::stderr(), "{signal}: shutting down");
    emulator.shutdown().await;
    Ok(())
}

/// What to tell whoever runs the emulator on an address other machines can reach; `None` on loopback.
fn exposure_warning(local: SocketAddr) -> Option<String> {
    let ip = local.ip().to_canonical();
    if ip.is_loopback() {
        return None;
    }
    let mut warning = format!(
        "warning: listening on {local}, reachable from other machines. This emulator is a test tool: its ids, \
         secrets and tokens are not cryptographically strong; do not expose it to a network you do not trust."
    );
    if ip.is_unspecified() {
        warning.push_str(
            "\nThe URL above reaches it from this machine. From other machines it is plain http to this \
             machine's address, which the genesys CLI and SDK refuse for hosts that are not loopback.",
        );
    } else {
        warning.push_str(
            "\nThe genesys CLI and SDK refuse plain http to hosts that are not loopback, such as the URL above.",
        );
    }
    Some(warning)
}

#[cfg(unix)]
struct Signals {
    terminate: tokio::signal::unix::Signal,
    interrupt: tokio::signal::unix::Signal,
}

#[cfg(unix)]
impl Signals {
    fn install() -> io::Result<Self> {
        use tokio::signal::unix::{SignalKind, signal};
        Ok(Self {
            terminate: signal(SignalKind::terminate())?,
            interrupt: signal(SignalKind::interrupt())?,
        })
    }

    async fn wait(mut self) -> &'static str {
        tokio::select! {
            _ = self.terminate.recv() => "SIGTERM",
            _ = self.interrupt.recv() => "SIGINT",
        }
    }
}

#[cfg(not(unix))]
struct Signals;

#[cfg(not(unix))]
impl Signals {
    fn install() -> io::Result<Self> {
        Ok(Self)
    }

    async fn wait(self) -> &'static str {
        let _ = tokio::signal::ctrl_c().await;
        "Ctrl-C"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_values_split_at_the_first_colon_and_hide_the_password() {
        let user = |value: &str| value.parse::<UserArg>().unwrap();
        assert_eq!(user("alice:pa:ss").split(), Ok(("alice", "pa:ss")));
        for bad in ["alice", ":pw", "alice:", ""] {
            let error = user(bad).split().unwrap_err();
            assert!(error.contains("NAME:PASSWORD"), "{error}");
        }
        let debug = format!("{:?}", user("alice:wonderland"));
        assert!(
            debug.contains("alice") && !debug.contains("wonderland"),
            "{debug}"
        );
    }

    #[test]
    fn a_non_loopback_address_gets_a_test_tool_warning() {
        let warning = |addr: &str| exposure_warning(addr.parse().unwrap());
        assert_eq!(warning("127.0.0.1:8080"), None);
        assert_eq!(warning("[::1]:8080"), None);
        for addr in ["0.0.0.0:8080", "[::]:8080", "192.0.2.7:8080"] {
            let text = warning(addr).unwrap_or_else(|| panic!("no warning for {addr}"));
            assert!(text.contains("test tool"), "{text}");
            assert!(text.contains("not cryptographically strong"), "{text}");
        }
        assert!(
            warning("0.0.0.0:8080")
                .unwrap()
                .contains("from this machine")
        );
    }
}
