//! `genesys emulator --tls-cert/--tls-key` serves HTTPS, and `genesys --ca-cert` trusts its test CA; a missing,
//! broken or mismatched file is a clear error with the environment status.

mod common;

use common::{ADMIN_ID, Emulator, Genesys, tls_fixture};

fn https_emulator() -> Emulator {
    Emulator::start(&[
        "--tls-cert",
        &tls_fixture("server.pem"),
        "--tls-key",
        &tls_fixture("server.key.pem"),
    ])
}

#[test]
fn the_cli_reaches_an_https_emulator_through_its_ca_certificate() {
    let emulator = https_emulator();
    assert!(
        emulator.base_url.starts_with("https://127.0.0.1:"),
        "{}",
        emulator.base_url
    );
    let client = emulator
        .genesys()
        .args(["--ca-cert", &tls_fixture("ca.pem")])
        .args(["oauth", "clients", "get", ADMIN_ID])
        .run()
        .json();
    assert_eq!(client["id"], ADMIN_ID);
    // Without the CA, the certificate is refused: a connection error, exit 3.
    let refused = emulator
        .genesys()
        .args(["oauth", "clients", "get", ADMIN_ID])
        .run();
    let line = refused.error(3).to_lowercase();
    assert!(line.contains("certificate"), "{line}");
}

#[test]
fn a_missing_or_broken_ca_certificate_is_a_configuration_error() {
    let emulator = https_emulator();
    for (file, says) in [
        (tls_fixture("absent.pem"), "cannot read --ca-cert"),
        (tls_fixture("ca.der"), "certificate"),
    ] {
        let output = emulator
            .genesys()
            .args(["--ca-cert", &file])
            .args(["oauth", "clients", "get", ADMIN_ID])
            .run();
        let line = output.error(3);
        assert!(line.contains(says), "{line}");
    }
}

#[test]
fn the_emulator_refuses_to_start_with_a_bad_certificate_or_key() {
    let run = |cert: &str, key: &str| {
        Genesys::new()
            .args(["emulator", "--tls-cert", &tls_fixture(cert)])
            .args(["--tls-key", &tls_fixture(key)])
            .run()
    };
    let missing = run("absent.pem", "server.key.pem");
    assert_eq!(missing.code, Some(3), "{missing:#?}");
    assert!(missing.stdout.is_empty(), "{missing:#?}");
    assert!(missing.stderr.contains("absent.pem"), "{missing:#?}");
    let mismatched = run("ca.pem", "server.key.pem");
    assert_eq!(mismatched.code, Some(3), "{mismatched:#?}");
    assert!(
        mismatched.stderr.contains("does not match"),
        "{mismatched:#?}"
    );
    // One without the other is a usage error.
    let alone = Genesys::new()
        .args(["emulator", "--tls-cert", &tls_fixture("server.pem")])
        .run();
    assert_eq!(alone.code, Some(2), "{alone:#?}");
}
