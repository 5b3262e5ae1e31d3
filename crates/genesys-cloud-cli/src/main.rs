#![doc = include_str!("../README.md")]
// The code: `cli.rs` holds the command tree and its global options, `app.rs` the way from arguments to an exit
// status, `settings.rs` where requests go and how they authenticate, `cli_error.rs` the one line and exit status of
// a failure, `commands/` the `oauth` commands and `emulator_cmd.rs` the emulator.

mod app;
mod body;
mod cache_lock;
mod call;
mod cli;
mod cli_error;
mod commands;
mod completions;
mod config_edit;
mod directory;
mod emulator_cmd;
mod file_access;
mod gc_compat;
mod help;
mod jq;
mod login;
mod logout;
mod loopback;
mod output;
mod profile;
mod profiles_cmd;
mod session;
mod settings;
mod skeleton;
mod spinner;
mod token_store;
mod values;
mod yaml;

fn main() -> std::process::ExitCode {
    app::main()
}
