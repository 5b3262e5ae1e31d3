//! What `genesys login` and `genesys profiles` print: login's help at an 80-column terminal and its word on the
//! emulator's refresh tokens, the token cache's warning about a file it cannot read (never its tokens), and
//! profile output cleaned of control characters. Each test failed on the code before its fix (review of e641ad9).

mod common;
#[path = "common/pty.rs"]
mod pty;

use std::process::Command;

use common::{Genesys, temp_dir};

/// `genesys ARGS` with a clean environment, to run on a pseudo-terminal.
fn genesys(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_genesys"));
    command
        .env_clear()
        .env("HOME", temp_dir("review3-pty-home"))
        .env("TERM", "xterm")
        .args(args);
    command
}

/// A line without its SGR escapes (`ESC [ ... m`).
fn without_styles(line: &str) -> String {
    let mut out = String::new();
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Review finding: help is not wrapped to the terminal (clap's `wrap_help` is off and the long texts are cut by
/// hand at ~110 columns), so on an 80-column terminal `genesys login --help` has lines of up to 630 columns that
/// the terminal breaks mid-word.
#[test]
fn login_help_fits_80_columns() {
    for args in [["login", "--help"], ["profiles", "--help"]] {
        let screen = pty::run(genesys(&args), 80, None);
        assert_eq!(screen.code, Some(0), "{screen:#?}");
        // Widths as shown: the bold and underline escapes take no column.
        let wide: Vec<String> = screen
            .text
            .lines()
            .map(without_styles)
            .filter(|line| line.chars().count() > 80)
            .collect();
        assert!(
            wide.is_empty(),
            "{args:?}: {} lines wider than 80:\n{}",
            wide.len(),
            wide.join("\n")
        );
    }
}

/// Review finding: since 00fa891 the emulator gives a PKCE (public) login a refresh token, but `genesys login
/// --help` still tells the user it gives none (so that an expired login means signing in again).
#[test]
fn login_help_does_not_deny_the_emulators_refresh_tokens() {
    let out = Genesys::new().args(["login", "--help"]).run();
    assert_eq!(out.code, Some(0), "{out:#?}");
    assert!(
        !out.stdout.contains("gives a public client none"),
        "{}",
        out.stdout
    );
}

/// Review finding: the token cache says serde_json's message "names a position, never the text around it", but
/// serde's type errors quote the value: a cache whose token sits where another type is expected (a hand-edited
/// or damaged file) has that token printed in the warning.
#[test]
fn a_damaged_token_cache_does_not_print_its_tokens() {
    let home = temp_dir("review3-cache");
    let gc = home.join(".gc");
    std::fs::create_dir_all(&gc).unwrap();
    std::fs::write(
        gc.join("config.toml"),
        "[DEFAULT]\nenvironment = \"mypurecloud.ie\"\n",
    )
    .unwrap();
    let token = "hand-pasted-refresh-token-0123456789";
    let cache = gc.join("genesys-tokens.json");
    std::fs::write(
        &cache,
        format!(
            "{{\"version\":1,\"entries\":[{{\"environment\":\"https://api.mypurecloud.ie\",\
             \"clientId\":\"c\",\"profile\":\"DEFAULT\",\"kind\":\"login\",\"accessToken\":\"a\",\
             \"expiresAt\":\"{token}\"}}]}}"
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&gc, std::fs::Permissions::from_mode(0o700)).unwrap();
        std::fs::set_permissions(&cache, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let out = Genesys::new().home(&home).args(["profiles", "show"]).run();
    assert!(
        out.stderr.contains("token cache"),
        "the damaged file is warned about: {out:#?}"
    );
    assert!(
        !out.stdout.contains(token) && !out.stderr.contains(token),
        "{out:#?}"
    );
}

/// Review finding: `profiles list` and `profiles show` print config.toml's names and values as written, so a
/// terminal escape in a copied or shared config (here one that retitles the terminal) is obeyed by the terminal;
/// client names and error lines are already shown with control characters escaped.
#[test]
fn profiles_list_and_show_escape_control_characters() {
    let home = temp_dir("review3-escapes");
    std::fs::create_dir_all(home.join(".gc")).unwrap();
    std::fs::write(
        home.join(".gc/config.toml"),
        "[DEFAULT]\nenvironment = \"mypurecloud.ie\\u001b]0;pwned\\u0007\"\nclient_id = \"abc\"\n\
         [\"evil\\u001b[2J\"]\nenvironment = \"mypurecloud.ie\"\n",
    )
    .unwrap();
    for args in [["profiles", "list"], ["profiles", "show"]] {
        let out = Genesys::new().home(&home).args(args).run();
        assert_eq!(out.code, Some(0), "{out:#?}");
        assert!(
            !out.stdout.contains('\u{1b}') && !out.stdout.contains('\u{7}'),
            "{args:?}: {:?}",
            out.stdout
        );
    }
}
