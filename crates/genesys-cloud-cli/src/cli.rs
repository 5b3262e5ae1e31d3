//! The command tree of `genesys`.

use clap::{Parser, Subcommand};

use crate::emulator_cmd::EmulatorArgs;

/// A command-line tool for the Genesys Cloud OAuth API.
#[derive(Debug, Parser)]
#[command(name = "genesys", version, about, propagate_version = true)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Run a local emulator of the OAuth API and its token endpoint, for tests and demos.
    #[command(long_about = crate::emulator_cmd::LONG_ABOUT)]
    Emulator(EmulatorArgs),
}
