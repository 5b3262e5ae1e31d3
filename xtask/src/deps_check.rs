//! `cargo xtask deps-check`: the layering rules between crates, checked on `cargo tree`.
//!
//! The models crate may depend only on serde, serde_json and its date crate; models and core may never pull in
//! an async runtime or an HTTP stack, so that users of other stacks can use them and an HTTP-stack upgrade only
//! ever touches the executor.

use crate::cargo::cargo;

/// Crate names (or prefixes ending in `-`) that no sans-IO crate may depend on, directly or not.
const FORBIDDEN: &[&str] = &[
    "tokio",
    "tokio-",
    "hyper",
    "hyper-",
    "h2",
    "rustls",
    "rustls-",
    "reqwest",
    "ureq",
    "isahc",
    "surf",
    "tower",
    "tower-",
    "futures",
    "futures-",
    "async-std",
    "async-io",
    "smol",
    "mio",
    "openssl",
    "native-tls",
];

/// The rules: a package, the only direct dependencies it may have (if restricted), and the forbidden list.
struct Rule {
    package: &'static str,
    allowed_direct: Option<&'static [&'static str]>,
}

const RULES: &[Rule] = &[
    Rule {
        package: "genesys-cloud-models",
        allowed_direct: Some(&["serde", "serde_json", "time"]),
    },
    Rule {
        package: "genesys-cloud-core",
        allowed_direct: None,
    },
];

pub(crate) fn run() -> Result<(), String> {
    eprintln!("==> deps-check");
    let mut problems = Vec::new();
    for rule in RULES {
        let direct = tree(rule.package, Some(1))?;
        let all = tree(rule.package, None)?;
        problems.extend(violations(rule.package, rule.allowed_direct, &direct, &all));
    }
    if problems.is_empty() {
        eprintln!("    deps-check: models and core are free of runtimes and HTTP stacks");
        Ok(())
    } else {
        Err(format!("layering violated:\n  {}", problems.join("\n  ")))
    }
}

/// The package names in the normal-dependency tree of `package` (itself excluded).
fn tree(package: &str, depth: Option<u32>) -> Result<Vec<String>, String> {
    let mut command = cargo();
    command.args([
        "tree",
        "--quiet",
        "--package",
        package,
        "--edges",
        "normal",
        "--prefix",
        "none",
        "--format",
        "{p}",
    ]);
    if let Some(depth) = depth {
        command.args(["--depth", &depth.to_string()]);
    }
    let output = command
        .output()
        .map_err(|error| format!("could not run cargo tree: {error}"))?;
    if !output.status.success() {
        return Err(format!(
            "cargo tree -p {package} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(parse_tree(
        &String::from_utf8_lossy(&output.stdout),
        package,
    ))
}

/// Turns `cargo tree --prefix none --format {p}` output into package names, without the root.
fn parse_tree(output: &str, root: &str) -> Vec<String> {
    let mut names: Vec<String> = output
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != root)
        .map(str::to_owned)
        .collect();
    names.sort();
    names.dedup();
    names
}

fn is_forbidden(name: &str) -> bool {
    FORBIDDEN.iter().any(|rule| match rule.strip_suffix('-') {
        Some(prefix) => name.starts_with(prefix) && name[prefix.len()..].starts_with('-'),
        None => name == *rule,
    })
}

/// Every way `package` breaks its rule, as messages.
fn violations(
    package: &str,
    allowed_direct: Option<&[&str]>,
    direct: &[String],
    all: &[String],
) -> Vec<String> {
    let mut problems = Vec::new();
    if let Some(allowed) = allowed_direct {
        for name in direct {
            if !allowed.contains(&name.as_str()) {
                problems.push(format!(
                    "{package} depends on `{name}`; only {} are allowed",
                    allowed.join(", ")
                ));
            }
        }
    }
    for name in all.iter().filter(|name| is_forbidden(name)) {
        problems.push(format!(
            "{package} pulls in `{name}`, a runtime or HTTP crate that only the executor may use"
        ));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    const MODELS_TREE: &str = "\
genesys-cloud-models v0.1.0 (/work/main/crates/genesys-cloud-models)
serde v1.0.228
serde_derive v1.0.228 (proc-macro)
serde_json v1.0.145
itoa v1.0.15
memchr v2.7.6
serde v1.0.228
time v0.3.41
deranged v0.4.0
";

    fn names(text: &str, root: &str) -> Vec<String> {
        parse_tree(text, root)
    }

    #[test]
    fn clean_trees_pass() {
        let all = names(MODELS_TREE, "genesys-cloud-models");
        let direct = vec![
            "serde".to_owned(),
            "serde_json".to_owned(),
            "time".to_owned(),
        ];
        let allowed: &[&str] = &["serde", "serde_json", "time"];
        assert!(violations("genesys-cloud-models", Some(allowed), &direct, &all).is_empty());
        assert!(!all.contains(&"genesys-cloud-models".to_owned()));
    }

    #[test]
    fn a_forbidden_crate_anywhere_in_the_tree_fails() {
        let tree = format!("{MODELS_TREE}tokio v1.47.0\nmio v1.0.4\nhyper-util v0.1.17\n");
        let all = names(&tree, "genesys-cloud-core");
        let problems = violations("genesys-cloud-core", None, &[], &all);
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems.iter().any(|p| p.contains("`tokio`")));
        assert!(problems.iter().any(|p| p.contains("`hyper-util`")));
    }

    #[test]
    fn an_unlisted_direct_dependency_of_models_fails() {
        let direct = vec!["serde".to_owned(), "chrono".to_owned()];
        let allowed: &[&str] = &["serde", "serde_json", "time"];
        let problems = violations("genesys-cloud-models", Some(allowed), &direct, &direct);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("`chrono`"));
    }

    #[test]
    fn prefixes_match_whole_name_parts_only() {
        assert!(is_forbidden("tokio"));
        assert!(is_forbidden("tokio-util"));
        assert!(is_forbidden("futures-core"));
        assert!(!is_forbidden("tokiox"));
        assert!(!is_forbidden("hyperloglog"));
        assert!(!is_forbidden("serde"));
    }
}
