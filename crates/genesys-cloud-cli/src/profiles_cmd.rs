//! `genesys profiles list|show|new`: the profiles of gc's `~/.gc/config.toml`, read, shown with secrets masked,
//! and written in place (see `config_edit`).

use std::io::{BufRead as _, IsTerminal as _, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};
use genesys_cloud::GcProfiles;
use toml_edit::{Item, Value};

use crate::app::report;
use crate::cli::GlobalArgs;
use crate::cli_error::CliError;
use crate::config_edit::{existing_name, read_document, save_profile};
use crate::output::table::clean;
use crate::profile::{self, DEFAULT_PROFILE, GRANT_IMPLICIT, GRANT_PKCE};
use crate::settings;

/// `genesys profiles ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum ProfilesCommand {
    /// List the profiles: name, environment and how each authenticates.
    List,
    /// Show the settings of profile NAME (or of --profile, or DEFAULT); secrets are masked.
    Show {
        /// The profile (its name matches ignoring case, as in gc).
        name: Option<String>,
    },
    /// Create a profile, as `gc profiles new` does: asked for on a terminal, or from flags in scripts
    /// (--name, --environment, --client-id, --clientsecret-file, --grant). Nothing else in the file changes.
    New(NewArgs),
}

/// How a new profile authenticates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Grant {
    /// Client id and secret (gc's grant_type 1).
    ClientCredentials,
    /// A user's `genesys login` with a public client (gc's grant_type 3).
    Pkce,
}

/// `genesys profiles new`.
#[derive(Debug, Args)]
pub(crate) struct NewArgs {
    /// The profile's name [default: DEFAULT].
    #[arg(long, value_name = "NAME")]
    name: Option<String>,
    /// How the profile authenticates [default: client-credentials with a secret, else pkce].
    #[arg(long, value_enum)]
    grant: Option<Grant>,
    /// The OAuth client id.
    #[arg(long, value_name = "ID")]
    client_id: Option<String>,
    /// For --grant pkce: the redirect URI registered on the client [default: http://127.0.0.1/callback].
    #[arg(long, value_name = "URI")]
    redirect_uri: Option<String>,
    /// Replace a profile of the same name (keys genesys does not write are kept).
    #[arg(long)]
    force: bool,
}

/// Runs `genesys profiles ...`.
pub(crate) fn run(global: &GlobalArgs, command: ProfilesCommand) -> ExitCode {
    let result = match command {
        ProfilesCommand::List => list(),
        ProfilesCommand::Show { name } => show(
            name.as_deref()
                .or(global.profile.as_deref())
                .unwrap_or(DEFAULT_PROFILE),
        ),
        ProfilesCommand::New(args) => new(global, args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => report(&error, &[]),
    }
}

pub(crate) fn config_path() -> Result<PathBuf, CliError> {
    settings::home_dir()
        .map(|home| profile::config_path(&home))
        .ok_or_else(|| CliError::environment("the home directory is unknown: HOME is not set"))
}

fn load() -> Result<(PathBuf, GcProfiles), CliError> {
    let path = config_path()?;
    let profiles =
        GcProfiles::from_path(&path).map_err(|error| CliError::environment(error.to_string()))?;
    Ok((path, profiles))
}

/// How a profile authenticates, in words.
fn kind(profiles: &GcProfiles, name: &str) -> String {
    let Ok(settings) = profiles.profile(name) else {
        return "invalid".to_owned();
    };
    let grant = profiles.setting(name, "grant_type").ok().flatten();
    if grant.as_deref() == Some(GRANT_IMPLICIT) {
        return "implicit grant (not supported by genesys)".to_owned();
    }
    match (
        settings.client_id(),
        settings.client_secret(),
        settings.access_token(),
    ) {
        (Some(_), Some(_), _) => "client credentials".to_owned(),
        (_, _, Some(_)) => "access token".to_owned(),
        (Some(_), None, None) => "login (PKCE, genesys login)".to_owned(),
        _ => "no credentials".to_owned(),
    }
}

fn list() -> Result<(), CliError> {
    let (path, profiles) = load()?;
    let names: Vec<&str> = profiles.names().collect();
    if names.is_empty() {
        println!(
            "No profiles in {}; create one with `genesys profiles new`.",
            path.display()
        );
        return Ok(());
    }
    let width = names
        .iter()
        .map(|name| clean(name).chars().count())
        .max()
        .unwrap_or(0)
        .max(7);
    println!("{:width$}  {:28}  CREDENTIALS", "PROFILE", "ENVIRONMENT");
    for name in names {
        let environment = profiles
            .profile(name)
            .ok()
            .and_then(|settings| settings.environment().map(str::to_owned))
            .unwrap_or_else(|| "(us_east_1)".to_owned());
        // The file's text is anyone's (a copied or shared config): shown, never obeyed by the terminal.
        let (shown, environment) = (clean(name), clean(&environment));
        println!(
            "{shown:width$}  {environment:28}  {}",
            kind(&profiles, name)
        );
    }
    Ok(())
}

/// Whether the value of `key` is a secret: shown masked.
fn is_secret_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    ["secret", "token", "password"]
        .iter()
        .any(|word| key.contains(word))
}

/// A secret as `****` and, for a long one, its last four characters, which tell two secrets apart.
fn mask(secret: &str) -> String {
    let count = secret.chars().count();
    if count >= 16 {
        let tail: String = secret.chars().skip(count - 4).collect();
        format!("****{tail} ({count} characters)")
    } else {
        "****".to_owned()
    }
}

/// A setting as `profiles show` prints it: secret-named keys masked at any depth (a table's or an inline table's
/// keys too, as a proxy's password may sit in one), everything else as written.
fn shown_item(key: &str, item: &Item) -> String {
    match item {
        Item::Value(value) => shown_value(key, value),
        Item::Table(table) => braced(table.iter().map(|(key, item)| (key, shown_item(key, item)))),
        Item::ArrayOfTables(tables) => bracketed(
            tables
                .iter()
                .map(|table| braced(table.iter().map(|(key, item)| (key, shown_item(key, item))))),
        ),
        Item::None => String::new(),
    }
}

fn shown_value(key: &str, value: &Value) -> String {
    let secret = is_secret_key(key);
    match value {
        Value::String(text) if secret => mask(text.value()),
        Value::String(text) => text.value().to_owned(),
        Value::InlineTable(table) => braced(
            table
                .iter()
                .map(|(key, value)| (key, shown_value(key, value))),
        ),
        Value::Array(array) => bracketed(array.iter().map(|value| shown_value(key, value))),
        _ if secret => "****".to_owned(),
        other => other.to_string().trim().to_owned(),
    }
}

fn braced<'a>(entries: impl Iterator<Item = (&'a str, String)>) -> String {
    let entries: Vec<String> = entries
        .map(|(key, text)| format!("{key} = {text}"))
        .collect();
    format!("{{ {} }}", entries.join(", "))
}

fn bracketed(values: impl Iterator<Item = String>) -> String {
    format!("[{}]", values.collect::<Vec<_>>().join(", "))
}

fn show(wanted: &str) -> Result<(), CliError> {
    let (path, profiles) = load()?;
    // The profile is read as commands read it, so that a broken one says why here too.
    profiles
        .profile(wanted)
        .map_err(|error| CliError::environment(error.to_string()))?;
    let name = profiles
        .found_name(wanted)
        .ok()
        .flatten()
        .unwrap_or(wanted)
        .to_owned();
    let document = read_document(&path)?;
    let table = document
        .get(&name)
        .and_then(Item::as_table)
        .ok_or_else(|| CliError::environment(format!("`{name}` is not a table of settings")))?;
    println!("[{}]  ({})", clean(&name), path.display());
    for (key, item) in table.iter() {
        println!("{} = {}", clean(key), clean(&shown_item(key, item)));
    }
    println!("# credentials: {}", kind(&profiles, &name));
    if let Some(home) = settings::home_dir() {
        let cached =
            crate::token_store::TokenStore::in_home(&home).entries(|key| key.profile == name);
        let fresh = cached.iter().filter(|entry| entry.is_fresh()).count();
        println!(
            "# cached tokens: {} ({fresh} still valid){}",
            cached.len(),
            if cached.is_empty() {
                String::new()
            } else {
                format!("; `genesys logout --profile {name}` forgets them")
            }
        );
    }
    Ok(())
}

/// Asks `question` on standard error and reads a line; `hidden` turns the terminal's echo off meanwhile.
fn ask(question: &str, hidden: bool) -> Result<String, CliError> {
    eprint!("{question}");
    let _ = std::io::stderr().flush();
    let echo = |on: bool| {
        // stty works on the terminal it inherits as standard input: no terminal code of our own.
        let _ = std::process::Command::new("stty")
            .arg(if on { "echo" } else { "-echo" })
            .stdin(std::process::Stdio::inherit())
            .status();
    };
    if hidden && cfg!(unix) {
        echo(false);
    }
    let mut line = String::new();
    let read = std::io::stdin().lock().read_line(&mut line);
    if hidden && cfg!(unix) {
        echo(true);
        eprintln!();
    }
    read.map_err(|error| CliError::environment(format!("cannot read the answer: {error}")))?;
    Ok(line.trim().to_owned())
}

fn new(global: &GlobalArgs, args: NewArgs) -> Result<(), CliError> {
    let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    let path = config_path()?;
    let mut secret = match &global.clientsecret_file {
        Some(file) => Some(settings::read_secret_file(file)?),
        None => global.clientsecret.clone(),
    }
    .filter(|secret| !secret.is_empty());
    let name = match args.name {
        Some(name) => name,
        None if interactive => Some(ask("Profile name [DEFAULT]: ", false)?)
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| DEFAULT_PROFILE.to_owned()),
        None => DEFAULT_PROFILE.to_owned(),
    };
    let environment = match global
        .environment
        .clone()
        .or_else(|| global.base_url.clone())
    {
        Some(environment) => Some(environment),
        None if interactive => Some(ask("Environment [mypurecloud.com]: ", false)?)
            .filter(|e| !e.is_empty())
            .or_else(|| Some("mypurecloud.com".to_owned())),
        None => None,
    };
    if let Some(environment) = &environment {
        genesys_cloud::Environment::parse(environment).map_err(|error| {
            CliError::usage(format!(
                "the environment `{environment}` is not usable: {error}"
            ))
        })?;
    }
    let grant = match (args.grant, &secret) {
        (Some(grant), _) => grant,
        (None, Some(_)) => Grant::ClientCredentials,
        (None, None) if interactive => {
            match ask(
                "Grant: 1. client credentials, 3. PKCE (genesys login) [1]: ",
                false,
            )?
            .as_str()
            {
                "" | "1" => Grant::ClientCredentials,
                "3" => Grant::Pkce,
                other => return Err(CliError::usage(format!("`{other}` is not 1 or 3"))),
            }
        }
        (None, None) => Grant::Pkce,
    };
    let client_id = match args.client_id.or_else(|| global.clientid.clone()) {
        Some(id) => id,
        None if interactive => ask("Client ID: ", false)?,
        None => {
            return Err(CliError::usage(
                "genesys profiles new needs --client-id ID when it cannot ask (standard input is not a terminal)",
            ));
        }
    };
    if client_id.is_empty() {
        return Err(CliError::usage("the client id is empty"));
    }
    if grant == Grant::ClientCredentials && secret.is_none() {
        if !interactive {
            return Err(CliError::usage(
                "a client-credentials profile needs its secret: --clientsecret-file FILE (or - for standard input)",
            ));
        }
        secret = Some(ask("Client secret (not shown): ", true)?).filter(|s| !s.is_empty());
        if secret.is_none() {
            return Err(CliError::usage("the client secret is empty"));
        }
    }
    if grant == Grant::Pkce && secret.is_some() {
        return Err(CliError::usage(
            "a PKCE profile holds no secret: leave out --clientsecret/--clientsecret-file",
        ));
    }
    if let Some(uri) = &args.redirect_uri {
        if grant != Grant::Pkce {
            return Err(CliError::usage("--redirect-uri is for --grant pkce"));
        }
        crate::login::check_redirect(uri)?;
    }
    let replace = args.force
        || (interactive
            && existing_name(&read_document(&path)?, &name).is_some()
            && ask(
                &format!("Profile `{name}` exists. Replace it? [y/N]: "),
                false,
            )?
            .eq_ignore_ascii_case("y"));
    let grant_type = match grant {
        Grant::ClientCredentials => "1",
        Grant::Pkce => GRANT_PKCE,
    };
    let saved = save_profile(
        &path,
        &name,
        &[
            ("environment", environment.as_deref()),
            ("client_credentials", Some(&client_id)),
            ("client_secret", secret.as_deref()),
            // A replaced profile's old token would otherwise linger, unused.
            ("access_token", None),
            ("grant_type", Some(grant_type)),
            ("redirect_uri", args.redirect_uri.as_deref()),
        ],
        replace,
    )?;
    println!("Profile `{saved}` saved in {}.", path.display());
    if grant == Grant::Pkce {
        println!("Sign in with `genesys login --profile {saved}`.");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_masked_and_only_secret_keys() {
        assert_eq!(mask("short"), "****");
        assert_eq!(mask("0123456789abcdefWXYZ"), "****WXYZ (20 characters)");
        assert!(is_secret_key("client_secret") && is_secret_key("ACCESS_TOKEN"));
        assert!(is_secret_key("proxy_password") && !is_secret_key("environment"));
    }
}
