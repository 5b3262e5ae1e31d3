//! Help laid out for the command at hand (its own options first, the API block near the top with the
//! operation's page in the developer center), and completions that reach every level and offer enum values.

mod common;

use std::process::Command;

use common::{Genesys, temp_dir};

#[test]
fn operation_help_puts_the_api_block_on_top_and_global_options_last() {
    for flag in ["-h", "--help"] {
        let help = Genesys::new()
            .args(["oauth", "clients", "delete", flag])
            .run();
        let text = help.ok();
        let api = text.find("API:").expect("an API block");
        let usage = text.find("Usage:").expect("a usage line");
        let own = text
            .find("\n      --force")
            .expect("the command's own option");
        let globals = text
            .find("Global options:")
            .expect("a heading for global options");
        let profile = text.find("--profile").expect("a global option");
        assert!(
            api < usage && usage < own && own < globals && globals < profile,
            "{text}"
        );
        assert!(
            text.contains("DELETE /api/v2/oauth/clients/{clientId} (deleteOauthClient)")
                && text.contains(
                    "https://developer.genesys.cloud/devapps/api-explorer#delete-api-v2-oauth-clients--clientId-"
                ),
            "{text}"
        );
    }
    let list = Genesys::new()
        .args([
            "oauth", "clients", "usage", "query", "results", "get", "--help",
        ])
        .run();
    assert!(
        list.ok().contains(
            "api-explorer#get-api-v2-oauth-clients--clientId--usage-query-results--executionId-"
        ),
        "{}",
        list.stdout
    );
}

#[test]
fn emulator_help_lists_only_its_own_options() {
    for flag in ["-h", "--help"] {
        let help = Genesys::new().args(["emulator", flag]).run();
        let text = help.ok();
        assert!(
            text.contains("--listen") && text.contains("--demo"),
            "{text}"
        );
        for global in [
            "--profile",
            "--clientsecret",
            "--jq",
            "--output",
            "--timeout",
            "Global options",
        ] {
            assert!(!text.contains(global), "{global}: {text}");
        }
    }
}

fn script(shell: &str) -> String {
    Genesys::new()
        .args(["completions", shell])
        .run()
        .ok()
        .to_owned()
}

#[test]
fn every_script_reaches_deep_subcommands_and_offers_enum_values() {
    for shell in ["bash", "zsh", "fish"] {
        let text = script(shell);
        for expected in [
            "oauth clients usage query results",
            "oauth clients secret",
            "client-credentials",
            "saml2-bearer",
            "inactive",
            "Month",
            "TemplateUri",
            "HttpMethod",
            "autopaginate",
            "wide",
            "timeout",
        ] {
            assert!(text.contains(expected), "{shell}: {expected}");
        }
    }
    // fish: a completion for every level, down to `results get`.
    let fish = script("fish");
    assert!(
        fish.contains("__genesys_at \\'oauth clients usage query results\\'' -a 'get'"),
        "{fish}"
    );
}

/// What bash offers after `words` (the last one being completed), with the script of `genesys completions bash`.
fn bash_offers(words: &[&str]) -> Vec<String> {
    let dir = temp_dir("bash-completion");
    let file = dir.join("genesys.bash");
    std::fs::write(&file, script("bash")).unwrap();
    let quoted: Vec<String> = words.iter().map(|word| format!("'{word}'")).collect();
    let program = format!(
        "source '{}'; COMP_WORDS=({}); COMP_CWORD={}; _genesys; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        file.display(),
        quoted.join(" "),
        words.len() - 1
    );
    let output = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &program])
        .env_clear()
        .output()
        .expect("bash runs");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn bash_offers_subcommands_before_flags_and_the_values_of_enum_flags() {
    assert_eq!(
        bash_offers(&["genesys", ""]),
        [
            "login",
            "logout",
            "profiles",
            "oauth",
            "tokens",
            "authorization",
            "organizations",
            "emulator",
            "completions"
        ]
    );
    assert_eq!(
        bash_offers(&[
            "genesys", "-p", "prod", "oauth", "clients", "usage", "query", ""
        ]),
        ["create", "results", "run"]
    );
    assert_eq!(
        bash_offers(&["genesys", "profiles", ""]),
        ["list", "show", "new"]
    );
    let flags = bash_offers(&["genesys", "oauth", "clients", "list", "--"]);
    assert!(flags.contains(&"--autopaginate".to_owned()) && flags.contains(&"--wide".to_owned()));
    assert_eq!(
        bash_offers(&["genesys", "oauth", "clients", "update", "x", "--state", ""]),
        ["active", "disabled", "inactive"]
    );
    assert_eq!(
        bash_offers(&[
            "genesys",
            "oauth",
            "clients",
            "create",
            "--grant-type",
            "=",
            "c"
        ]),
        ["client-credentials", "code"]
    );
    assert_eq!(
        bash_offers(&[
            "genesys",
            "oauth",
            "clients",
            "usage",
            "query",
            "run",
            "--granularity",
            ""
        ]),
        ["Day", "Week", "Month"]
    );
    assert_eq!(
        bash_offers(&[
            "genesys",
            "oauth",
            "clients",
            "usage",
            "query",
            "create",
            "--group-by",
            "H"
        ]),
        ["HttpMethod"]
    );
}
