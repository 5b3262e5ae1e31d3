//! `cargo xtask mutants [--in-diff BASE] [--area NAME]...`: mutation testing of the modules that hold the rules
//! users rely on, with cargo-mutants (installed at a pinned version when missing). Prints
//! `metric mutants_<area>_score` (caught ÷ viable, timeouts counted as caught) and writes each area's surviving
//! mutants to `target/mutants/<area>/mutants.out/missed.txt`. Mutants that cannot change behaviour are listed,
//! each with its reason, in `.cargo/mutants.toml` (cargo-mutants reads it).

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use crate::cargo::{cargo, cargo_with, step, workspace_root};

/// The cargo-mutants release this project's scores were measured with.
const CARGO_MUTANTS_VERSION: &str = "27.1.0";

/// An area: a package and the files of it whose rules the mutants test, by its own tests.
struct Area {
    name: &'static str,
    package: &'static str,
    files: &'static [&'static str],
}

/// The rules users rely on. Generated code (the operations) is left out: its generator has its own tests.
const AREAS: &[Area] = &[
    Area {
        name: "core",
        package: "genesys-cloud-core",
        files: &[
            "crates/genesys-cloud-core/src/*.rs",
            "crates/genesys-cloud-core/src/token/*.rs",
        ],
    },
    Area {
        name: "executor",
        package: "genesys-cloud",
        files: &[
            "crates/genesys-cloud/src/client.rs",
            "crates/genesys-cloud/src/token_cache.rs",
            "crates/genesys-cloud/src/paginator.rs",
            "crates/genesys-cloud/src/lifecycle.rs",
            "crates/genesys-cloud/src/usage.rs",
        ],
    },
    Area {
        name: "emulator",
        package: "genesys-cloud-emulator",
        files: &[
            "crates/genesys-cloud-emulator/src/store.rs",
            "crates/genesys-cloud-emulator/src/grants.rs",
            "crates/genesys-cloud-emulator/src/routes/clients.rs",
            "crates/genesys-cloud-emulator/src/routes/token*.rs",
        ],
    },
    Area {
        name: "cli",
        package: "genesys-cloud-cli",
        files: &[
            "crates/genesys-cloud-cli/src/settings.rs",
            "crates/genesys-cloud-cli/src/profile.rs",
        ],
    },
];

pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let mut base = None;
    let mut wanted: Vec<&str> = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--in-diff" => {
                base = Some(args.next().ok_or("--in-diff needs a git revision")?.clone())
            }
            "--area" => {
                let name = args.next().ok_or("--area needs a name")?;
                let area = AREAS
                    .iter()
                    .find(|area| area.name == name)
                    .ok_or_else(|| format!("unknown area `{name}` (areas: {})", area_names()))?;
                wanted.push(area.name);
            }
            other => return Err(format!("unknown mutants argument `{other}`")),
        }
    }
    ensure_installed()?;
    let root = workspace_root();
    let out_root = root.join("target").join("mutants");
    std::fs::create_dir_all(&out_root).map_err(|e| format!("{}: {e}", out_root.display()))?;
    let diff = match &base {
        Some(base) => Some(write_diff(base, &out_root)?),
        None => None,
    };
    let started = Instant::now();
    for area in AREAS
        .iter()
        .filter(|area| wanted.is_empty() || wanted.contains(&area.name))
    {
        let out = out_root.join(area.name);
        let mut command = cargo();
        command.args([
            "mutants",
            "--package",
            area.package,
            "--jobs",
            "1",
            "--no-shuffle",
            "--output",
        ]);
        command.arg(&out);
        for file in area.files {
            command.args(["--file", file]);
        }
        if let Some(diff) = &diff {
            command.arg("--in-diff").arg(diff);
        }
        // cargo-mutants exits non-zero when a mutant survives: the score says how many, so that is no error here.
        let area_started = Instant::now();
        eprintln!("==> cargo mutants, area {} ({})", area.name, area.package);
        let status = command
            .status()
            .map_err(|e| format!("cargo mutants: {e}"))?;
        report(area.name, &out.join("mutants.out"), status.code())?;
        println!(
            "metric mutants_{}_seconds {:.0} s",
            area.name,
            area_started.elapsed().as_secs_f64()
        );
    }
    println!(
        "metric mutants_seconds {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn area_names() -> String {
    AREAS
        .iter()
        .map(|area| area.name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Installs cargo-mutants at [`CARGO_MUTANTS_VERSION`] unless that version is already there.
fn ensure_installed() -> Result<(), String> {
    let version = cargo_with(&["mutants", "--version"]).output();
    let installed = version.as_ref().is_ok_and(|out| {
        out.status.success() && String::from_utf8_lossy(&out.stdout).contains(CARGO_MUTANTS_VERSION)
    });
    if installed {
        return Ok(());
    }
    step(
        &format!("cargo install cargo-mutants {CARGO_MUTANTS_VERSION}"),
        cargo_with(&[
            "install",
            "--locked",
            "cargo-mutants",
            "--version",
            CARGO_MUTANTS_VERSION,
        ]),
    )
}

/// `git diff BASE` into a file, as `cargo mutants --in-diff` reads it.
fn write_diff(base: &str, out_root: &Path) -> Result<std::path::PathBuf, String> {
    let output = Command::new("git")
        .current_dir(workspace_root())
        .args(["diff", base, "--", "crates"])
        .output()
        .map_err(|e| format!("git diff: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "git diff {base}: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    let path = out_root.join("in-diff.patch");
    std::fs::write(&path, &output.stdout).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}

/// Prints an area's counts and score from cargo-mutants' outcome lists; fails when it produced none (its run
/// failed before testing, e.g. the tree does not build).
fn report(area: &str, out: &Path, code: Option<i32>) -> Result<(), String> {
    let count = |name: &str| -> usize {
        std::fs::read_to_string(out.join(name))
            .map(|text| text.lines().filter(|line| !line.trim().is_empty()).count())
            .unwrap_or(0)
    };
    let (caught, missed, timeout, unviable) = (
        count("caught.txt"),
        count("missed.txt"),
        count("timeout.txt"),
        count("unviable.txt"),
    );
    if !out.join("caught.txt").exists() {
        return Err(format!(
            "cargo mutants produced no outcomes for {area} (exit code {code:?}): see {}",
            out.display()
        ));
    }
    let viable = caught + missed + timeout;
    let score = if viable == 0 {
        1.0
    } else {
        (caught + timeout) as f64 / viable as f64
    };
    println!("metric mutants_{area}_caught {caught} count");
    println!("metric mutants_{area}_missed {missed} count");
    println!("metric mutants_{area}_timeout {timeout} count");
    println!("metric mutants_{area}_unviable {unviable} count");
    println!("metric mutants_{area}_score {score:.3} ratio");
    if missed > 0 {
        eprintln!(
            "    survivors of {area}: {}",
            out.join("missed.txt").display()
        );
    }
    Ok(())
}
