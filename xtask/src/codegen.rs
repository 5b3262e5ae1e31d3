//! `cargo xtask codegen [--check]`: the generator of the API layers (the `codegen` crate beside this one), which
//! reads `spec/` and writes, or with `--check` compares, the generated files.

use crate::cargo::{cargo_with, step};

/// Runs the generator. It lives in its own crate because it reads JSON, and this crate stays free of
/// dependencies so that every other command builds fast on a cold cache.
pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let check = match args {
        [] => false,
        [flag] if flag == "--check" => true,
        _ => return Err("usage: cargo xtask codegen [--check]".to_owned()),
    };
    let mut command = cargo_with(&["run", "--quiet", "-p", "codegen", "--"]);
    if check {
        command.arg("--check");
    }
    let description = if check { "codegen --check" } else { "codegen" };
    step(description, command)
}
