//! `cargo xtask release --dry-run`: everything a release needs, checked without publishing.
//!
//! Versions agree across the publishable crates and their internal dependency requirements, the CHANGELOG has a
//! section for the version, every publishable crate packages and builds from its package in dependency order
//! (`cargo publish --workspace --dry-run`), and the public API is semver-checked when cargo-semver-checks is
//! installed.

use std::path::Path;
use std::process::Stdio;

use crate::cargo::{cargo, step, workspace_root};

/// The crates published to crates.io, in dependency order.
pub(crate) const PUBLISHED: &[&str] = &[
    "genesys-cloud-models",
    "genesys-cloud-core",
    "genesys-cloud-emulator",
    "genesys-cloud",
    "genesys-cloud-cli",
];

pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let dry_run = args.iter().any(|arg| arg == "--dry-run");
    let no_verify = args.iter().any(|arg| arg == "--no-verify");
    if !dry_run {
        return Err("only `--dry-run` is supported: publishing happens from a tagged commit by a maintainer".into());
    }
    let version = versions_agree()?;
    eprintln!("==> versions: every published crate is at {version}");
    changelog_has(&workspace_root().join("CHANGELOG.md"), &version)?;
    eprintln!("==> CHANGELOG.md has a section for {version}");
    internal_requirements_match(&version)?;
    let mut publish = cargo();
    publish.args(["publish", "--workspace", "--dry-run", "--allow-dirty"]);
    if no_verify {
        publish.arg("--no-verify");
    }
    step("cargo publish --workspace --dry-run", publish)?;
    semver_check()
}

/// The version of one package, from `cargo pkgid` (`path+file:///...#name@1.2.3`).
fn package_version(package: &str) -> Result<String, String> {
    let output = cargo()
        .args(["pkgid", "--quiet", "--package", package])
        .output()
        .map_err(|error| format!("could not run cargo pkgid: {error}"))?;
    if !output.status.success() {
        return Err(format!(
            "cargo pkgid -p {package} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    parse_pkgid_version(&String::from_utf8_lossy(&output.stdout))
        .ok_or_else(|| format!("no version in the pkgid of {package}"))
}

fn parse_pkgid_version(pkgid: &str) -> Option<String> {
    let tail = pkgid.trim().rsplit('#').next()?;
    let version = tail.rsplit('@').next()?;
    (!version.is_empty() && version.chars().next()?.is_ascii_digit()).then(|| version.to_owned())
}

fn versions_agree() -> Result<String, String> {
    let mut versions = Vec::new();
    for package in PUBLISHED {
        versions.push((package, package_version(package)?));
    }
    let first = versions[0].1.clone();
    let different: Vec<String> = versions
        .iter()
        .filter(|(_, version)| *version != first)
        .map(|(package, version)| format!("{package} {version}"))
        .collect();
    if different.is_empty() {
        Ok(first)
    } else {
        Err(format!(
            "versions differ from {first}: {}",
            different.join(", ")
        ))
    }
}

fn changelog_has(path: &Path, version: &str) -> Result<(), String> {
    let text =
        std::fs::read_to_string(path).map_err(|error| format!("{}: {error}", path.display()))?;
    if changelog_mentions(&text, version) {
        Ok(())
    } else {
        Err(format!("CHANGELOG.md has no `## [{version}]` section"))
    }
}

fn changelog_mentions(text: &str, version: &str) -> bool {
    let heading = format!("## [{version}]");
    text.lines()
        .any(|line| line.trim_start().starts_with(&heading))
}

/// The `[workspace.dependencies]` entries of the published crates must require the version being released.
fn internal_requirements_match(version: &str) -> Result<(), String> {
    let manifest = std::fs::read_to_string(workspace_root().join("Cargo.toml"))
        .map_err(|error| format!("Cargo.toml: {error}"))?;
    let problems = requirement_mismatches(&manifest, version);
    if problems.is_empty() {
        eprintln!("==> internal dependency requirements ask for {version}");
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

fn requirement_mismatches(manifest: &str, version: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for package in PUBLISHED {
        let prefix = format!("{package} = {{");
        let Some(line) = manifest
            .lines()
            .find(|line| line.trim_start().starts_with(&prefix))
        else {
            continue;
        };
        let wanted = format!("version = \"{version}\"");
        if !line.contains(&wanted) {
            problems.push(format!(
                "[workspace.dependencies] {package} does not require {wanted}: {line}"
            ));
        }
    }
    problems
}

fn semver_check() -> Result<(), String> {
    let installed = cargo()
        .args(["semver-checks", "--version"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    if !installed {
        eprintln!("notice: cargo-semver-checks is not installed; skipping the semver check");
        eprintln!(
            "        (cargo install cargo-semver-checks, then run this again before a release)"
        );
        return Ok(());
    }
    let mut check = cargo();
    check.args(["semver-checks", "check-release", "--workspace"]);
    for package in PUBLISHED {
        if *package == "genesys-cloud-cli" {
            check.args(["--exclude", package]);
        }
    }
    step("cargo semver-checks", check)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkgid_versions() {
        assert_eq!(
            parse_pkgid_version("path+file:///w/crates/genesys-cloud#0.1.0\n").as_deref(),
            Some("0.1.0")
        );
        assert_eq!(
            parse_pkgid_version("path+file:///w/crates/x#genesys-cloud-core@0.2.1").as_deref(),
            Some("0.2.1")
        );
        assert_eq!(parse_pkgid_version("garbage"), None);
    }

    #[test]
    fn changelog_sections() {
        let text = "# Changelog\n\n## [Unreleased]\n\n## [0.1.0] - 2026-11-27\n";
        assert!(changelog_mentions(text, "0.1.0"));
        assert!(!changelog_mentions(text, "0.2.0"));
        assert!(!changelog_mentions("see [0.1.0]", "0.1.0"));
    }

    #[test]
    fn requirement_mismatches_are_reported() {
        let manifest = "genesys-cloud-models = { path = \"crates/genesys-cloud-models\", version = \"0.1.0\" }\n\
                        genesys-cloud-core = { path = \"crates/genesys-cloud-core\", version = \"0.0.9\" }\n";
        let problems = requirement_mismatches(manifest, "0.1.0");
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("genesys-cloud-core"));
    }
}
