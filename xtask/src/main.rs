//! `cargo xtask`: the project's automation, in plain Rust with no dependencies.
//!
//! Run `cargo xtask help` for the commands.

mod args;
mod bench;
mod build_bench;
mod cargo;
mod ci;
mod codegen;
mod deps_check;
mod features;
mod fuzz;
mod lint;
mod msrv;
mod mutants;
mod release;
mod soak;
mod test_suite;

use std::process::ExitCode;

const HELP: &str = "\
cargo xtask <command>

Commands:
  lint        cargo fmt --check; clippy -D warnings on all targets and features; rustdoc -D warnings
  test        every test (cargo-nextest when installed, else cargo test) and every doctest
  features    the feature combinations --all-features does not build (ring only; no TLS provider; no API
              group), with warnings denied
  codegen [--check]
              generate the API layers from spec/ (core operations and their table, the client's methods);
              --check writes nothing and fails, naming each file, where a checked-in file differs
  deps-check  the layering rules: models and core pull in no runtime, no HTTP stack
  ci          codegen --check, deps-check, lint, test, a 20 s fuzz run and a short soak, failing fast: what .ci/run and
              the README run
  release --dry-run [--no-verify]
              versions, CHANGELOG, internal requirements, cargo publish --dry-run of every published
              crate in dependency order, and cargo-semver-checks when installed
  bench [--quick]
              the benchmarks (release build): executor vs bare hyper, typed vs naive models, request
              building, the emulator, the token cache; prints `metric NAME VALUE UNIT` lines. Not part of ci
  bench --build
              cold release build times of the models, the SDK and a floor crate with the same TLS stack,
              and the size of the genesys binary (many minutes). Not part of ci
  fuzz [--seconds N] [--seed S] [--target NAME]... [--save-new N] [--release]
              the stable-toolchain fuzzer of genesys-cloud-tests (debug build); prints `metric fuzz_cases`;
              a failing input is written to tests/corpus/<target>/ and the command fails
  soak [--ops N] [--concurrency C] [--fault-rate R] [--seed S] [--debug]
              a fault soak of the executor against the emulator (release build); reconciles the end state
              and fails on any lost or duplicated change; prints `metric soak_*` lines
  mutants [--in-diff BASE] [--area core|executor|emulator|cli]...
              mutation testing (cargo-mutants, installed at a pinned version when missing) of the modules
              that hold the rules; prints `metric mutants_<area>_score`, survivors in
              target/mutants/<area>/mutants.out/missed.txt. Not part of ci
  msrv        cargo check with the minimum supported Rust version, when that toolchain is installed
  help        this text
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = args.first().map(String::as_str).unwrap_or("help");
    let result = match command {
        "lint" => lint::run(),
        "test" => test_suite::run(),
        "deps-check" => deps_check::run(),
        "codegen" => codegen::run(&args[1..]),
        "ci" => ci::run(),
        "features" => features::run(),
        "release" => release::run(&args[1..]),
        "msrv" => msrv::run(),
        "bench" => bench::run(&args[1..]),
        "fuzz" => fuzz::run(&args[1..]),
        "soak" => soak::run(&args[1..]),
        "mutants" => mutants::run(&args[1..]),
        "help" | "--help" | "-h" => {
            print!("{HELP}");
            Ok(())
        }
        other => Err(format!("unknown command `{other}`\n\n{HELP}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask {command}: {message}");
            ExitCode::FAILURE
        }
    }
}
