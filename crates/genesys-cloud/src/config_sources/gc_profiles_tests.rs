//! gc profiles read from TOML texts and temporary files.

use std::path::PathBuf;

use super::*;
use crate::ClientBuilder;

const SECRET: &str = "profile-secret-Hv27";

const FILE: &str = r#"
[DEFAULT]
environment = "mypurecloud.ie"
client_credentials = "id-1"
client_secret = "profile-secret-Hv27"

[ci]
Access_Token = " token-2 "
environment = "  "
"#;

/// A file under the temporary directory with a name no other test or process uses.
fn temp_file(tag: &str, contents: &[u8]) -> PathBuf {
    let path = std::env::temp_dir().join(format!(
        "genesys-cloud-gc-{tag}-{}-{:?}.toml",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::write(&path, contents).unwrap();
    path
}

#[test]
fn profiles_are_read_with_gc_keys_trimmed_and_blank_values_absent() {
    let profiles = GcProfiles::parse(FILE).unwrap();
    assert_eq!(profiles.names().collect::<Vec<_>>(), ["DEFAULT", "ci"]);
    let default = profiles.profile(GcProfiles::DEFAULT_PROFILE).unwrap();
    assert_eq!(default.environment(), Some("mypurecloud.ie"));
    assert_eq!(default.client_id(), Some("id-1"));
    assert_eq!(
        default.client_secret().map(|s| s.expose_secret()),
        Some(SECRET)
    );
    assert_eq!(default.base_url(), None);
    assert_eq!(default.origin(), "profile `DEFAULT` of the gc config text");
    let ci = profiles.profile("ci").unwrap();
    assert_eq!(
        ci.access_token().map(|t| t.expose_secret()),
        Some("token-2")
    );
    assert_eq!(ci.environment(), None);
    assert!(!format!("{profiles:?}{default:?}").contains(SECRET));
    assert_eq!(profiles.readable_by_others(), None);
}

#[test]
fn names_match_case_insensitively_unless_an_exact_match_exists() {
    let profiles = GcProfiles::parse(FILE).unwrap();
    assert_eq!(
        profiles.profile("default").unwrap().client_id(),
        Some("id-1")
    );
    assert!(profiles.profile("CI").unwrap().access_token().is_some());
    let twins =
        GcProfiles::parse("[Dev]\naccess_token = \"a\"\n[DEV]\naccess_token = \"b\"\n").unwrap();
    let exact = twins.profile("DEV").unwrap();
    assert_eq!(exact.access_token().map(|t| t.expose_secret()), Some("b"));
    let error = twins.profile("dev").unwrap_err();
    assert_eq!(error.kind(), ConfigErrorKind::InvalidProfile);
    assert!(error.to_string().contains("differ only in case"), "{error}");
}

#[test]
fn a_missing_profile_a_non_table_and_a_non_string_are_errors() {
    let profiles = GcProfiles::parse("top = 1\n[DEFAULT]\nclient_secret = 42\n").unwrap();
    let error = profiles.profile("other").unwrap_err();
    assert_eq!(error.kind(), ConfigErrorKind::NoSuchProfile);
    assert!(error.to_string().contains("no profile `other`"), "{error}");
    // The message lists the profiles that exist, so that a typo is easy to fix.
    assert!(error.to_string().contains("(it has DEFAULT)"), "{error}");
    assert_eq!(
        profiles.profile("top").unwrap_err().kind(),
        ConfigErrorKind::InvalidProfile
    );
    let error = profiles.profile("DEFAULT").unwrap_err();
    assert!(
        error.to_string().contains("`client_secret`") && error.to_string().contains("not a string")
    );
}

#[test]
fn a_syntax_error_names_the_line_but_never_its_text() {
    let text = "[DEFAULT]\nclient_credentials = \"id\"\nclient_secret = hunter2-secret\n";
    let error = GcProfiles::parse(text).unwrap_err();
    assert_eq!(error.kind(), ConfigErrorKind::InvalidToml);
    let message = error.to_string();
    assert!(message.contains("line 3"), "{message}");
    assert!(
        !message.contains("hunter2") && !format!("{error:?}").contains("hunter2"),
        "{message}"
    );
}

#[test]
fn a_file_is_read_and_its_origin_names_it() {
    let path = temp_file("read", FILE.as_bytes());
    let profiles = GcProfiles::from_path(&path).unwrap();
    assert_eq!(profiles.origin(), path.display().to_string());
    let default = profiles.profile("DEFAULT").unwrap();
    assert!(default.origin().contains(&path.display().to_string()));
    let builder = ClientBuilder::from_settings(&default).unwrap();
    assert!(format!("{builder:?}").contains("api.mypurecloud.ie"));
    let _ = std::fs::remove_file(&path);
}

#[test]
fn a_missing_file_is_not_found_and_a_huge_one_is_refused_unread() {
    let missing =
        std::env::temp_dir().join(format!("genesys-cloud-gc-none-{}.toml", std::process::id()));
    let error = GcProfiles::from_path(&missing).unwrap_err();
    assert!(
        error.is_not_found() && error.io_error().is_some(),
        "{error}"
    );
    assert_eq!(error.kind(), ConfigErrorKind::Unreadable);
    let mut big = format!("[DEFAULT]\nclient_secret = \"{SECRET}\"\n# ").into_bytes();
    big.resize(GcProfiles::MAX_FILE_SIZE as usize + 1, b'x');
    let path = temp_file("big", &big);
    let error = GcProfiles::from_path(&path).unwrap_err();
    assert_eq!(error.kind(), ConfigErrorKind::TooLarge);
    assert!(error.to_string().contains("larger than 1 MiB") && !error.to_string().contains(SECRET));
    assert!(!error.is_not_found());
    let _ = std::fs::remove_file(&path);
    let path = temp_file("binary", b"[DEFAULT]\nenvironment = \"\xff\"\n");
    assert_eq!(
        GcProfiles::from_path(&path).unwrap_err().kind(),
        ConfigErrorKind::InvalidToml
    );
    let _ = std::fs::remove_file(&path);
}

#[cfg(unix)]
#[test]
fn a_file_holding_a_secret_that_others_can_read_is_reported_not_printed() {
    use std::os::unix::fs::PermissionsExt;
    let path = temp_file("mode", FILE.as_bytes());
    let set =
        |mode| std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
    set(0o644);
    assert_eq!(
        GcProfiles::from_path(&path).unwrap().readable_by_others(),
        Some(0o644)
    );
    set(0o600);
    assert_eq!(
        GcProfiles::from_path(&path).unwrap().readable_by_others(),
        None
    );
    // No secret, nothing to report.
    std::fs::write(&path, "[DEFAULT]\nenvironment = \"mypurecloud.ie\"\n").unwrap();
    set(0o644);
    assert_eq!(
        GcProfiles::from_path(&path).unwrap().readable_by_others(),
        None
    );
    let _ = std::fs::remove_file(&path);
}

#[test]
fn the_default_path_is_under_the_home_directory() {
    let home = PathBuf::from("/home/someone");
    assert_eq!(
        GcProfiles::path_in(&home),
        home.join(".gc").join("config.toml")
    );
    if let Some(path) = GcProfiles::default_path() {
        assert!(path.ends_with(".gc/config.toml"), "{}", path.display());
    }
}

#[test]
fn other_settings_and_the_spelling_of_a_name_are_read_ignoring_case() {
    let profiles = GcProfiles::parse(
        "[DEFAULT]\nclient_credentials = \"id\"\ngrant_type = \"3\"\nredirect_uri = \" http://localhost:8080 \"\n\
         secure_login_enabled = false\nport = 8080\nblank = \"\"\nlist = [1]\n",
    )
    .unwrap();
    assert_eq!(profiles.found_name("default").unwrap(), Some("DEFAULT"));
    assert_eq!(profiles.found_name("other").unwrap(), None);
    let get = |key| profiles.setting("default", key).unwrap();
    assert_eq!(get("GRANT_TYPE").as_deref(), Some("3"));
    assert_eq!(
        get("redirect_uri").as_deref(),
        Some("http://localhost:8080")
    );
    assert_eq!(get("secure_login_enabled").as_deref(), Some("false"));
    assert_eq!(get("port").as_deref(), Some("8080"));
    assert_eq!(get("blank"), None);
    assert_eq!(get("missing"), None);
    assert!(profiles.setting("DEFAULT", "list").is_err());
    assert_eq!(profiles.setting("nope", "grant_type").unwrap(), None);
}
