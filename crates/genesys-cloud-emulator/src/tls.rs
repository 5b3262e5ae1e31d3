//! HTTPS for the emulator (`EmulatorConfig::tls_pem_files`, the `tls` feature): a PEM certificate chain and its
//! private key, read and checked before the port is opened, so that a bad file is a startup error and never a
//! failure of each handshake.

use std::path::PathBuf;

use crate::EmulatorError;

/// The PEM files of an HTTPS emulator.
#[derive(Clone, Debug)]
pub(crate) struct TlsFiles {
    /// The certificate chain, the server's certificate first.
    pub(crate) cert: PathBuf,
    /// The private key of the first certificate (PKCS#8, PKCS#1 or SEC1).
    pub(crate) key: PathBuf,
}

/// What accepts TLS connections: built once at start.
#[cfg(feature = "tls")]
pub(crate) type Acceptor = tokio_rustls::TlsAcceptor;

/// Without the `tls` feature there is nothing to accept with; [`acceptor`] refuses TLS instead.
#[cfg(not(feature = "tls"))]
#[derive(Clone, Debug)]
pub(crate) enum Acceptor {}

#[cfg(not(feature = "tls"))]
impl Acceptor {
    /// Never called: no value of this type exists. It lets the accept loop read the same with or without TLS.
    pub(crate) async fn accept(
        &self,
        _stream: tokio::net::TcpStream,
    ) -> std::io::Result<tokio::net::TcpStream> {
        match *self {}
    }
}

/// Reads the certificate chain and the key, and checks that they belong together.
#[cfg(feature = "tls")]
pub(crate) fn acceptor(files: &TlsFiles) -> Result<Acceptor, EmulatorError> {
    use std::sync::Arc;

    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};

    let chain = CertificateDer::pem_file_iter(&files.cert)
        .and_then(|certificates| certificates.collect::<Result<Vec<_>, _>>())
        .map_err(|error| pem_error(&files.cert, "certificate", &error))?;
    if chain.is_empty() {
        return Err(EmulatorError::TlsFile {
            path: files.cert.clone(),
            reason: "it holds no PEM certificate (-----BEGIN CERTIFICATE-----)".to_owned(),
        });
    }
    let key = PrivateKeyDer::from_pem_file(&files.key)
        .map_err(|error| pem_error(&files.key, "private key", &error))?;
    // An explicit provider: a process with both rustls providers linked must not panic choosing one.
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .and_then(|builder| builder.with_no_client_auth().with_single_cert(chain, key))
        .map_err(|error| EmulatorError::TlsMismatch {
            cert: files.cert.clone(),
            key: files.key.clone(),
            reason: error.to_string(),
        })?;
    // Both protocols the plain listener serves; the client picks.
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(tokio_rustls::TlsAcceptor::from(Arc::new(config)))
}

#[cfg(feature = "tls")]
fn pem_error(
    path: &std::path::Path,
    what: &str,
    error: &rustls::pki_types::pem::Error,
) -> EmulatorError {
    use rustls::pki_types::pem::Error;
    let reason = match error {
        Error::Io(error) => format!("cannot read it: {error}"),
        Error::NoItemsFound => format!("it holds no PEM {what}"),
        other => format!("it is not a valid PEM {what}: {other}"),
    };
    EmulatorError::TlsFile {
        path: path.to_path_buf(),
        reason,
    }
}

/// Without the `tls` feature, HTTPS is refused with a configuration error naming the feature.
#[cfg(not(feature = "tls"))]
pub(crate) fn acceptor(files: &TlsFiles) -> Result<Acceptor, EmulatorError> {
    Err(EmulatorError::Config(format!(
        "HTTPS (with {} and {}) needs the `tls` feature of genesys-cloud-emulator",
        files.cert.display(),
        files.key.display()
    )))
}

#[cfg(all(test, feature = "tls"))]
mod tests {
    use super::*;

    fn fixture(name: &str) -> PathBuf {
        PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/tls"
        ))
        .join(name)
    }

    fn files(cert: &str, key: &str) -> TlsFiles {
        TlsFiles {
            cert: fixture(cert),
            key: fixture(key),
        }
    }

    /// The error of an acceptor that must not be made.
    fn refused(cert: &str, key: &str) -> EmulatorError {
        match acceptor(&files(cert, key)) {
            Ok(_) => panic!("{cert} and {key} were accepted"),
            Err(error) => error,
        }
    }

    #[test]
    fn a_matching_certificate_and_key_make_an_acceptor() {
        assert!(acceptor(&files("server.pem", "server.key.pem")).is_ok());
    }

    #[test]
    fn missing_unreadable_or_mismatched_files_are_typed_errors() {
        let missing = refused("no-such.pem", "server.key.pem");
        assert!(
            matches!(&missing, EmulatorError::TlsFile { path, reason }
                if path.ends_with("no-such.pem") && reason.contains("cannot read")),
            "{missing:?}"
        );
        // A DER file is not PEM: no certificate in it.
        let der = refused("server.der", "server.key.pem");
        assert!(
            matches!(&der, EmulatorError::TlsFile { reason, .. } if reason.contains("no PEM certificate")),
            "{der:?}"
        );
        // A certificate where the key should be.
        let no_key = refused("server.pem", "server.pem");
        assert!(
            matches!(&no_key, EmulatorError::TlsFile { path, reason }
                if path.ends_with("server.pem") && reason.contains("private key")),
            "{no_key:?}"
        );
        // The CA's certificate with the server's key: they do not belong together.
        let mismatch = refused("ca.pem", "server.key.pem");
        assert!(
            matches!(mismatch, EmulatorError::TlsMismatch { .. }),
            "{mismatch:?}"
        );
        assert!(
            mismatch.to_string().contains("does not match"),
            "{mismatch}"
        );
    }
}
