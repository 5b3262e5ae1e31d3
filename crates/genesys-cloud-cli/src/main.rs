#![doc = include_str!("../README.md")]
// The code: `cli.rs` holds the command tree and its global options, `app.rs` the way from arguments to an exit
// status, `commands/` the `oauth` commands and `emulator_cmd.rs` the emulator.

mod app;
mod body;
mod cli;
mod commands;
mod config;
mod emulator_cmd;
mod errors;
mod file_access;
mod help;
mod output;
mod profile;
mod session;
mod spinner;

fn main() -> std::process::ExitCode {
    app::main()
}
