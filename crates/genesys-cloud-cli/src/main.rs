//! `genesys`: a command-line tool for the Genesys Cloud OAuth API.
//!
//! Each subcommand lives in its own module; `cli.rs` holds the command tree.

mod cli;
mod emulator_cmd;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match cli.command {
        cli::Command::Emulator(args) => emulator_cmd::run(args),
    }
}
