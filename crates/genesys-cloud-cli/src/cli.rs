//! The command tree of `genesys`: global options and the top-level commands.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::Shell;

use crate::commands::OauthCommand;
use crate::emulator_cmd::EmulatorArgs;

/// Shown after the top-level help: where target and credentials come from.
pub(crate) const CONFIG_HELP: &str = "\
Target and credentials, first found wins: flags; then the environment variables GENESYSCLOUD_BASE_URL,
GENESYSCLOUD_REGION, GENESYSCLOUD_OAUTHCLIENT_ID, GENESYSCLOUD_OAUTHCLIENT_SECRET and GENESYSCLOUD_ACCESS_TOKEN;
then a profile of ~/.gc/config.toml (the gc CLI's file: one table per profile, [DEFAULT] unless --profile names
another, with the keys environment, client_credentials, client_secret and access_token; `genesys profiles new`
writes one). In a profile, client credentials win over a leftover access_token (they renew); a client id
alone is a public client whose user signs in with `genesys login`. Tokens are cached in
~/.gc/genesys-tokens.json (mode 0600) so that commands in a row share one; --no-token-cache opts out. The region defaults
to us_east_1 (mypurecloud.com). Credentials come whole from the first source that has any: an access token,
or a client id together with its secret from that same source (--clientid with --clientsecret or
--clientsecret-file; GENESYSCLOUD_OAUTHCLIENT_ID with GENESYSCLOUD_OAUTHCLIENT_SECRET; client_credentials with
client_secret); an id without its secret there (or the reverse) is a configuration error (exit 3).
Credentials go only to a target of their own source, or one named on the command line (--base-url,
--environment): a profile's secret never follows a GENESYSCLOUD_BASE_URL set for something else; such a mix is
a configuration error (exit 3). A broken config.toml is ignored unless --profile names a profile or flags and
environment leave something missing; more than 1 MiB of it is an error. As ssh does for keys, a warning names a
config.toml or --clientsecret-file holding a secret that other users can read (fix: chmod 600 FILE).

For scripts: `--output yaml` prints the API's body as YAML; `--jq FILTER` prints what a jq filter makes of it
(`genesys oauth clients list -a --jq '.[] | select(.state == \"active\") | .id'`); `--print-request-body` prints a
request to fill in (`genesys oauth clients create -b -o yaml > client.yaml`, then `--file client.yaml`);
`--directory DIR` sends one request per .json/.yaml/.yml file of DIR (`--dry-run` checks them and sends nothing).
gc's --outputformat, --inputformat and --printrequestbody are accepted as other names of --output, --input and
--print-request-body.

Try it without an account: `genesys --emulator oauth clients list --output table` runs against an embedded
emulator with demo data.

Tables fit the terminal (COLUMNS overrides its width); --wide shows them whole, as pipes and files get them.
--timeout SECONDS bounds each call, retries included.

Exit status: 0 success, 1 the API answered with an error, 2 usage error, 3 configuration, credentials,
connection or timeout error, 130 interrupted (Ctrl-C).";

/// A command-line tool for the Genesys Cloud OAuth API.
#[derive(Debug, Parser)]
#[command(name = "genesys", version, about, propagate_version = true, after_help = CONFIG_HELP)]
pub(crate) struct Cli {
    #[command(flatten)]
    pub(crate) global: GlobalArgs,
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// Options every command accepts, before or after the command name; listed after a command's own options.
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub(crate) struct GlobalArgs {
    /// The profile of ~/.gc/config.toml to use [default: DEFAULT].
    #[arg(short = 'p', long, global = true, value_name = "NAME")]
    pub(crate) profile: Option<String>,

    /// The environment: a region id (eu_west_1 or eu-west-1), a domain (mypurecloud.ie) or an API base URL.
    #[arg(long, global = true, value_name = "ENV", conflicts_with = "base_url")]
    pub(crate) environment: Option<String>,

    /// The API base URL, such as `https://api.mypurecloud.ie` or `http://127.0.0.1:8080`; login goes to the same
    /// host with `api.` replaced by `login.`, or to the same origin.
    #[arg(long, global = true, value_name = "URL")]
    pub(crate) base_url: Option<String>,

    /// The OAuth client id (client credentials grant).
    #[arg(long, global = true, value_name = "ID")]
    pub(crate) clientid: Option<String>,

    /// The OAuth client secret. A secret on a command line is visible to other users of this machine (ps,
    /// shell history): prefer GENESYSCLOUD_OAUTHCLIENT_SECRET, a profile, or --clientsecret-file FILE (`-`
    /// reads it from standard input).
    #[arg(
        long,
        global = true,
        value_name = "SECRET",
        allow_hyphen_values = true,
        conflicts_with = "clientsecret_file"
    )]
    pub(crate) clientsecret: Option<String>,

    /// Read the OAuth client secret from FILE (its first line), or from standard input with `-`.
    #[arg(long, global = true, value_name = "FILE")]
    pub(crate) clientsecret_file: Option<PathBuf>,

    /// A ready-made access token, used instead of client credentials. Like --clientsecret it is visible to
    /// other users: prefer GENESYSCLOUD_ACCESS_TOKEN.
    #[arg(
        long,
        global = true,
        value_name = "TOKEN",
        allow_hyphen_values = true,
        conflicts_with_all = ["clientid", "clientsecret", "clientsecret_file"]
    )]
    pub(crate) accesstoken: Option<String>,

    /// Start an embedded emulator with demo data and run the command against it (as its admin client,
    /// unless --clientid or --accesstoken is given). Environment variables and profiles are not read.
    #[arg(long, global = true, conflicts_with_all = ["environment", "base_url", "profile"])]
    pub(crate) emulator: bool,

    /// Output format: the API's JSON (pretty on a terminal, compact otherwise), the same document as YAML, or a
    /// human-readable table. gc's --outputformat is accepted too.
    #[arg(
        short = 'o',
        long,
        global = true,
        value_enum,
        ignore_case = true,
        default_value_t = OutputFormat::Json,
        alias = "outputformat"
    )]
    pub(crate) output: OutputFormat,

    /// The format of request bodies (--file, --directory, standard input) [default: YAML for files ending in
    /// .yaml or .yml, JSON otherwise]. gc's --inputformat is accepted too.
    #[arg(
        long,
        global = true,
        value_enum,
        ignore_case = true,
        alias = "inputformat"
    )]
    pub(crate) input: Option<InputFormat>,

    /// Give up a call after SECONDS (decimals allowed), its retries included [default: 120; each attempt at
    /// most 30]. Commands that wait for usage rows (usage query run, usage summary get --wait) wait this long for
    /// them [default: 300].
    #[arg(long, global = true, value_name = "SECONDS", value_parser = parse_seconds)]
    pub(crate) timeout: Option<Duration>,

    /// Tables show every column and every character, however wide. On a terminal, tables otherwise fit its
    /// width (COLUMNS overrides it): long text is cut with `…`, lists are counted and columns of less value are
    /// left out. Tables sent to a pipe or a file are never cut.
    #[arg(long, global = true)]
    pub(crate) wide: bool,

    /// Run the jq FILTER on the API's JSON and print its results instead: strings as raw text, other values as
    /// JSON (or YAML with --output yaml), one per line. With --autopaginate the filter sees the whole array.
    /// Example: --jq '.entities[] | select(.state == "active") | .id'
    ///
    /// The filter language is jaq's, close to jq 1.7 (regular expressions, dates, @base64, @uri, env included).
    /// Not supported: modules (import, include); input, inputs, input_filename, input_line_number, $__loc__,
    /// $__prog_args; $ENV (use env); @csv, @tsv; SQL-style IN, INDEX; tostream, fromstream, leaf_paths, builtins;
    /// variables from the command line (jq's --arg, --argjson). debug and stderr print nothing; halt ends the
    /// output and halt_error is an error (exit 2). Where jq and jaq differ (NaN and infinity are printed as such,
    /// string filters such as ltrimstr fail on other values), jaq's behaviour holds: see jaq's README.
    #[arg(long, global = true, value_name = "FILTER", allow_hyphen_values = true)]
    pub(crate) jq: Option<String>,

    /// Neither read nor write the token cache (~/.gc/genesys-tokens.json): fetch a token for this command
    /// and forget it. A profile can say the same with `genesys_token_cache = false`.
    #[arg(long, global = true)]
    pub(crate) no_token_cache: bool,

    /// Also trust the CA certificates of this PEM file: a TLS-inspecting proxy's, a private gateway's, or the
    /// test CA of a `genesys emulator --tls-cert` (`https://127.0.0.1:PORT`). The system's roots still apply, but
    /// are only read for a server whose certificate does not chain to one of these. (SSL_CERT_FILE, by
    /// contrast, replaces the system's roots.)
    #[arg(long, global = true, value_name = "FILE")]
    pub(crate) ca_cert: Option<PathBuf>,

    /// Trace each request (method, path, status, correlation id, time) to standard error. Secrets and
    /// bodies are never traced.
    #[arg(short = 'v', long, global = true)]
    pub(crate) verbose: bool,
}

/// A positive number of seconds, up to a day.
fn parse_seconds(value: &str) -> Result<Duration, String> {
    let seconds: f64 = value
        .trim()
        .parse()
        .map_err(|_| format!("`{value}` is not a number of seconds"))?;
    if !(seconds > 0.0 && seconds <= 86_400.0) {
        return Err(format!(
            "`{value}`: give more than 0 and at most 86400 seconds"
        ));
    }
    Ok(Duration::from_secs_f64(seconds))
}

/// How results are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum OutputFormat {
    /// The API's JSON, with every field it returned.
    Json,
    /// The key columns as a table; secrets hidden.
    Table,
    /// The API's JSON as YAML: every field, keys in the API's order.
    Yaml,
}

/// How request bodies are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum InputFormat {
    /// JSON, the API's own format.
    Json,
    /// YAML standing for a JSON document (no tags, string keys only).
    Yaml,
}

/// The top-level commands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// The OAuth API: clients, authorizations, scopes and usage.
    #[command(subcommand)]
    Oauth(OauthCommand),

    /// The Tokens API: the token a command uses, revoking tokens, the idle token timeout.
    #[command(subcommand)]
    Tokens(crate::commands::TokensCommand),

    /// The Authorization API: roles, divisions, permissions and your own grants.
    #[command(subcommand)]
    Authorization(crate::commands::AuthorizationCommand),

    /// The Organization API: the organization of the token.
    #[command(subcommand)]
    Organizations(crate::commands::OrganizationsCommand),

    /// Sign in as a user in the browser with a public (PKCE) OAuth client, and keep the token for later commands.
    #[command(long_about = crate::login::LONG_ABOUT)]
    Login(crate::login::LoginArgs),

    /// Revoke the cached tokens of a profile (DEFAULT unless --profile names another) on the server, then forget
    /// them; or all with --all.
    Logout(crate::login::LogoutArgs),

    /// List, show and create the profiles of ~/.gc/config.toml (the gc CLI's file).
    #[command(subcommand)]
    Profiles(crate::profiles_cmd::ProfilesCommand),

    /// Print a shell completion script, e.g. `genesys completions bash > /etc/bash_completion.d/genesys`.
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: Shell,
    },

    /// Run a local emulator of the OAuth API and its token endpoint, for tests and demos.
    #[command(long_about = crate::emulator_cmd::LONG_ABOUT)]
    Emulator(EmulatorArgs),
}
