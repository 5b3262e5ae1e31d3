//! From the command line to an exit status: parsing, logging, configuration, running, reporting.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::FromArgMatches;
use clap_complete::Shell;

use crate::cli::{Cli, Command, GlobalArgs, OutputFormat};
use crate::cli_error::{CliError, Failure};
use crate::commands::{self, ApiCommand};
use crate::output::Output;
use crate::session::{self, Session};
use crate::settings;
use crate::{emulator_cmd, gc_compat, help, jq};

/// Runs `genesys` with the process's arguments.
pub(crate) fn main() -> ExitCode {
    if let Some(message) = gc_compat::unsupported_flag(std::env::args_os().skip(1)) {
        return report(&CliError::usage(message), &[]);
    }
    // Clap prints usage errors and exits with 2, and prints --help and --version and exits with 0.
    let matches = help::command().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|error| error.exit());
    let api = matches!(
        cli.command,
        Command::Oauth(_)
            | Command::Tokens(_)
            | Command::Authorization(_)
            | Command::Organizations(_)
    );
    if cli.global.jq.is_some() && !api {
        return report(
            &CliError::usage(
                "--jq filters the body an API command (oauth, tokens, authorization, organizations) prints",
            ),
            &[],
        );
    }
    match cli.command {
        Command::Emulator(args) => emulator_cmd::run(args),
        Command::Completions { shell } => completions(shell),
        Command::Login(args) => crate::login::run(&cli.global, args),
        Command::Logout(args) => crate::logout::logout(&cli.global, &args),
        Command::Profiles(command) => crate::profiles_cmd::run(&cli.global, command),
        Command::Oauth(command) => call_api(&cli.global, ApiCommand::Oauth(command)),
        Command::Tokens(command) => call_api(&cli.global, ApiCommand::Tokens(command)),
        Command::Authorization(command) => {
            call_api(&cli.global, ApiCommand::Authorization(command))
        }
        Command::Organizations(command) => {
            call_api(&cli.global, ApiCommand::Organizations(command))
        }
    }
}

fn completions(shell: Shell) -> ExitCode {
    let script = crate::completions::script(shell, help::command());
    match io::stdout().lock().write_all(&script) {
        Ok(()) => ExitCode::SUCCESS,
        // `genesys completions bash | head`: the reader has all it wanted.
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => report(
            &CliError::environment(format!("cannot write to standard output: {error}")),
            &[],
        ),
    }
}

/// Prints the error's line (unless there is nothing to say) and returns its exit status.
pub(crate) fn report(error: &CliError, secrets: &[String]) -> ExitCode {
    if error.failure() != Failure::Quiet {
        let _ = writeln!(io::stderr().lock(), "{}", error.line(secrets));
    }
    error.exit_code()
}

/// Sends spans and events to standard error: warnings only, or with `--verbose` each request of the
/// executor (its spans hold method, path, status, correlation id and timing, never a secret or a body).
fn init_logging(verbose: bool) {
    use tracing_subscriber::filter::{LevelFilter, Targets};
    use tracing_subscriber::prelude::*;

    let mut filter = Targets::new().with_default(LevelFilter::WARN);
    if verbose {
        // Targets match by prefix: the emulator (genesys_cloud_emulator) stays at warnings.
        filter = filter
            .with_target("genesys_cloud", LevelFilter::DEBUG)
            .with_target("genesys_cloud_emulator", LevelFilter::WARN);
    }
    let layer = tracing_subscriber::fmt::layer()
        .with_writer(io::stderr)
        .with_filter(filter);
    // The spinner's attempt count comes from the executor's request spans (DEBUG), which only this layer sees.
    let attempts = crate::spinner::Attempts
        .with_filter(Targets::new().with_target("genesys_cloud::client", LevelFilter::DEBUG));
    let _ = tracing_subscriber::registry()
        .with(layer)
        .with(attempts)
        .try_init();
}

/// The output of an `oauth` command; the `--jq` filter is compiled here, before anything is sent.
fn output(global: &GlobalArgs) -> Result<Output, CliError> {
    let filter = match &global.jq {
        Some(_) if global.output == OutputFormat::Table => {
            return Err(CliError::usage(
                "--jq filters JSON or YAML output, not --output table",
            ));
        }
        Some(code) => Some(jq::Filter::new(code)?),
        None => None,
    };
    Ok(Output::new(global.output, filter, global.wide))
}

/// Runs a command that calls the API, in a session with the resolved credentials.
fn call_api(global: &GlobalArgs, command: ApiCommand) -> ExitCode {
    init_logging(global.verbose);
    let output = match output(global) {
        Ok(output) => output,
        Err(error) => return report(&error, &[]),
    };
    // A skeleton needs no credentials: printed before they are looked for.
    if let Some(skeleton) = commands::skeleton(&command) {
        return match output.json(&skeleton) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => report(&error, &[]),
        };
    }
    if let Some(result) = commands::dry_run(&command, &output, global.input) {
        return match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => report(&error, &[]),
        };
    }
    let resolved = match settings::resolve(
        global,
        &|name| std::env::var(name).ok(),
        settings::home_dir(),
    ) {
        Ok(resolved) => resolved,
        Err(error) => return report(&error, &[]),
    };
    let secrets = resolved.secrets.clone();
    let ca_cert = match global
        .ca_cert
        .as_deref()
        .map(session::read_ca_cert)
        .transpose()
    {
        Ok(ca_cert) => ca_cert,
        Err(error) => return report(&error, &secrets),
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            let error = CliError::environment(format!("cannot start the async runtime: {error}"));
            return report(&error, &secrets);
        }
    };
    let verbose = global.verbose;
    let input = global.input;
    let timeout = global.timeout;
    let result = runtime.block_on(async move {
        let source = resolved.source.clone();
        let session = Session::open(resolved, output, verbose, input, timeout, ca_cert)
            .await
            .map_err(|error| error.with_credentials_source(&source))?;
        let result = commands::run(&session, command).await;
        session.close().await;
        result.map_err(|error| error.with_credentials_source(&source))
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => report(&error, &secrets),
    }
}
