//! `genesys profiles list|show|new`: gc's config.toml edited in place without losing what else it holds, secrets
//! masked when shown, and the questions asked on a terminal.

mod common;

use common::{Genesys, temp_dir};

#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn profiles_new_list_and_show_keep_the_file_and_hide_secrets() {
    let home = temp_dir("profiles");
    std::fs::create_dir_all(home.join(".gc")).unwrap();
    let config = home.join(".gc/config.toml");
    std::fs::write(
        &config,
        "# mine\n[DEFAULT]\nenvironment = \"mypurecloud.ie\"\nlogging_enabled = true\n",
    )
    .unwrap();
    let secret_file = home.join("secret.txt");
    std::fs::write(&secret_file, "a-very-long-client-secret-1234\n").unwrap();
    let run = |args: &[&str]| {
        Genesys::new()
            .home(&home)
            .args(["profiles"])
            .args(args)
            .run()
    };
    let out = Genesys::new()
        .home(&home)
        .args([
            "profiles",
            "new",
            "--name",
            "ci",
            "--client-id",
            "id-1",
            "--environment",
            "eu_west_1",
        ])
        .args(["--clientsecret-file"])
        .arg_path(&secret_file)
        .run();
    assert!(out.ok().contains("Profile `ci` saved"), "{out:?}");
    let out = run(&[
        "new",
        "--name",
        "me",
        "--grant",
        "pkce",
        "--client-id",
        "id-2",
    ]);
    assert!(out.ok().contains("genesys login --profile me"), "{out:?}");
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(
        text.starts_with(
            "# mine\n[DEFAULT]\nenvironment = \"mypurecloud.ie\"\nlogging_enabled = true\n"
        ),
        "{text}"
    );
    #[cfg(unix)]
    assert_eq!(mode(&config), 0o600);
    // Same name again: refused without --force (names match ignoring case).
    assert!(
        run(&["new", "--name", "CI", "--client-id", "x", "--grant", "pkce"])
            .error(2)
            .contains("--force")
    );
    // Scripts must say the client.
    assert!(
        run(&["new", "--name", "z"])
            .error(2)
            .contains("--client-id")
    );

    let out = run(&["list"]);
    let listing = out.ok();
    for needle in ["DEFAULT", "ci", "client credentials", "me", "login (PKCE"] {
        assert!(listing.contains(needle), "{needle}: {listing}");
    }
    let out = run(&["show", "ci"]);
    let shown = out.ok();
    assert!(shown.contains("client_credentials = id-1"), "{shown}");
    assert!(shown.contains("client_secret = ****1234"), "{shown}");
    assert!(!shown.contains("a-very-long-client-secret"), "{shown}");
    assert!(
        run(&["show", "nope"])
            .error(3)
            .contains("no profile `nope`")
    );
}

/// Review: `profiles show` masked only string values of secret-named keys, so a secret inside a table or inline
/// table of the profile (a proxy's password, another tool's token) was printed as written.
#[test]
fn profiles_show_masks_secrets_inside_tables() {
    let home = temp_dir("profiles-nested");
    std::fs::create_dir_all(home.join(".gc")).unwrap();
    std::fs::write(
        home.join(".gc/config.toml"),
        "[work]\nenvironment = \"mypurecloud.ie\"\nclient_credentials = \"id-1\"\n\
         client_secret = \"a-very-long-client-secret-1234\"\n\
         proxy = { host = \"proxy.example\", password = \"hunter2-proxy-pass\" }\n\
         retries = [1, 2]\n\n[work.other_tool]\napi_token = \"other-tool-token-5678\"\nregion = \"eu\"\n",
    )
    .unwrap();
    let out = Genesys::new()
        .home(&home)
        .args(["profiles", "show", "work"])
        .run();
    let shown = out.ok();
    for secret in [
        "a-very-long-client-secret",
        "hunter2-proxy-pass",
        "other-tool-token",
    ] {
        assert!(!shown.contains(secret), "{secret}: {shown}");
    }
    for kept in ["proxy.example", "region = eu", "****5678", "[1, 2]"] {
        assert!(shown.contains(kept), "{kept}: {shown}");
    }
}

#[test]
fn profiles_new_asks_on_a_terminal() {
    let home = temp_dir("profiles-tty");
    // `script` gives the command a pseudo-terminal, fed with the answers.
    let out = Genesys::new()
        .home(&home)
        .stdin("ci\nmypurecloud.ie\n1\nmy-id\nsuper-secret-value-12345\n")
        .run_in_terminal(&["profiles", "new"]);
    for prompt in [
        "Profile name [DEFAULT]:",
        "Environment",
        "Grant:",
        "Client ID:",
        "Client secret (not shown):",
    ] {
        assert!(out.contains(prompt), "{prompt}: {out}");
    }
    let text = std::fs::read_to_string(home.join(".gc/config.toml")).unwrap();
    assert!(
        text.contains("[ci]")
            && text.contains("environment = \"mypurecloud.ie\"")
            && text.contains("client_secret = \"super-secret-value-12345\""),
        "{text}"
    );
}
