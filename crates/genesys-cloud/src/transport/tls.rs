//! rustls configuration with an explicit crypto provider, so that having both providers in a dependency graph
//! never panics, and with the chosen root certificates.

use std::sync::{Arc, OnceLock};

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, RootCertStore, SignatureScheme};

use crate::error::Error;

/// What the TLS layer trusts.
#[derive(Clone, Debug, Default)]
pub(crate) struct TlsSettings {
    /// Extra trusted roots (DER), for TLS-inspecting proxies or private gateways.
    pub(crate) extra_roots: Vec<CertificateDer<'static>>,
    /// Extra trusted roots as PEM text, one or more certificates each; parsed by [`client_config`].
    pub(crate) extra_roots_pem: Vec<Vec<u8>>,
}

/// The crypto provider chosen by features: aws-lc-rs when enabled, else ring, else the process default.
fn provider() -> Result<Arc<CryptoProvider>, Error> {
    #[cfg(feature = "aws-lc-rs")]
    {
        Ok(Arc::new(rustls::crypto::aws_lc_rs::default_provider()))
    }
    #[cfg(all(feature = "ring", not(feature = "aws-lc-rs")))]
    {
        Ok(Arc::new(rustls::crypto::ring::default_provider()))
    }
    #[cfg(not(any(feature = "aws-lc-rs", feature = "ring")))]
    {
        CryptoProvider::get_default().cloned().ok_or_else(|| {
            Error::config(crate::ConfigErrorKind::Tls,
                "no TLS crypto provider: enable the `aws-lc-rs` or `ring` feature, or install a process default \
                 with rustls::crypto::CryptoProvider::install_default"
                    .to_owned(),
            )
        })
    }
}

/// The extra roots alone: DER certificates and PEM bundles, each checked now so that a broken one is a
/// configuration error at `build()`, never a silently narrower trust.
fn extra_roots(settings: &TlsSettings) -> Result<RootCertStore, Error> {
    let invalid = |error: &dyn std::fmt::Display| {
        Error::config(
            crate::ConfigErrorKind::Tls,
            format!("an extra root certificate is invalid: {error}"),
        )
    };
    let mut store = RootCertStore::empty();
    for certificate in &settings.extra_roots {
        store.add(certificate.clone()).map_err(|e| invalid(&e))?;
    }
    for bundle in &settings.extra_roots_pem {
        let mut found = false;
        for certificate in CertificateDer::pem_slice_iter(bundle) {
            store
                .add(certificate.map_err(|e| invalid(&e))?)
                .map_err(|e| invalid(&e))?;
            found = true;
        }
        if !found {
            return Err(invalid(&"the PEM text holds no certificate"));
        }
    }
    Ok(store)
}

/// The roots of the enabled features (the operating system's store, the compiled-in Mozilla roots) and the
/// extra ones. Loading the system's store reads and parses a few hundred certificates (milliseconds), so it is
/// done on the first handshake that needs it, never by `build()`.
fn all_roots(extra: &RootCertStore) -> RootCertStore {
    let mut store = RootCertStore::empty();
    #[cfg(feature = "native-roots")]
    {
        // Certificates the platform store holds but rustls cannot parse are skipped, as browsers do.
        let native = rustls_native_certs::load_native_certs();
        for certificate in native.certs {
            let _ = store.add(certificate);
        }
    }
    #[cfg(feature = "webpki-roots")]
    store.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    store.roots.extend(extra.roots.iter().cloned());
    store
}

/// Verifies server certificates exactly as a webpki verifier over all the roots would (extra and system), but
/// tries the extra roots alone first: a server whose chain ends at an extra root (a private CA, a TLS-inspecting
/// proxy, a test emulator) is then accepted without the system's store ever being loaded. Any failure there
/// falls back to the verifier over every root, whose answer is final, so nothing is accepted or refused that
/// the single verifier over all roots would not.
#[derive(Debug)]
struct RootsVerifier {
    provider: Arc<CryptoProvider>,
    extra: RootCertStore,
    /// The verifier of the extra roots alone; `None` without extra roots.
    extra_only: Option<Arc<WebPkiServerVerifier>>,
    /// The verifier over every root, built on first use; `None` when there is no root at all.
    all: OnceLock<Option<Arc<WebPkiServerVerifier>>>,
}

impl RootsVerifier {
    fn new(provider: Arc<CryptoProvider>, extra: RootCertStore) -> Self {
        let extra_only = verifier(&provider, extra.clone());
        Self {
            provider,
            extra,
            extra_only,
            all: OnceLock::new(),
        }
    }

    fn all(&self) -> Option<&Arc<WebPkiServerVerifier>> {
        self.all
            .get_or_init(|| verifier(&self.provider, all_roots(&self.extra)))
            .as_ref()
    }
}

/// A webpki verifier over `roots`; `None` for an empty store (which can verify nothing).
fn verifier(
    provider: &Arc<CryptoProvider>,
    roots: RootCertStore,
) -> Option<Arc<WebPkiServerVerifier>> {
    if roots.is_empty() {
        return None;
    }
    WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .build()
        .ok()
}

impl ServerCertVerifier for RootsVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if let Some(extra) = &self.extra_only {
            let verified = extra.verify_server_cert(
                end_entity,
                intermediates,
                server_name,
                ocsp_response,
                now,
            );
            if verified.is_ok() {
                return verified;
            }
        }
        match self.all() {
            Some(all) => {
                all.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
            }
            // What a webpki verifier over an empty store answers.
            None => Err(rustls::Error::InvalidCertificate(
                rustls::CertificateError::UnknownIssuer,
            )),
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// The client TLS configuration: safe default protocol versions, the roots, no client certificate.
pub(crate) fn client_config(settings: &TlsSettings) -> Result<rustls::ClientConfig, Error> {
    let extra = extra_roots(settings)?;
    let provider = provider()?;
    let verifier = Arc::new(RootsVerifier::new(provider.clone(), extra));
    rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|error| {
            Error::config(
                crate::ConfigErrorKind::Tls,
                format!("TLS setup failed: {error}"),
            )
        })
        .map(|builder| {
            builder
                .dangerous()
                .with_custom_certificate_verifier(verifier)
                .with_no_client_auth()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const CA: &[u8] = include_bytes!("../../../../tests/fixtures/tls/ca.der");
    const CA_PEM: &[u8] = include_bytes!("../../../../tests/fixtures/tls/ca.pem");
    const SERVER: &[u8] = include_bytes!("../../../../tests/fixtures/tls/server.der");

    fn crypto() -> Arc<CryptoProvider> {
        provider().expect("the tests run with a crypto provider feature")
    }

    fn store(certificates: &[&[u8]]) -> RootCertStore {
        let mut store = RootCertStore::empty();
        for certificate in certificates {
            store
                .add(CertificateDer::from(certificate.to_vec()))
                .unwrap();
        }
        store
    }

    fn verify(verifier: &RootsVerifier) -> Result<ServerCertVerified, rustls::Error> {
        let name = ServerName::try_from("127.0.0.1").unwrap();
        verifier.verify_server_cert(
            &CertificateDer::from(SERVER),
            &[],
            &name,
            &[],
            UnixTime::now(),
        )
    }

    /// The point of the two stages: a server of a private CA given as an extra root is accepted without the
    /// system's roots ever being loaded.
    #[test]
    fn a_chain_to_an_extra_root_never_loads_the_system_roots() {
        let private = RootsVerifier::new(crypto(), store(&[CA]));
        assert!(verify(&private).is_ok());
        assert!(private.all.get().is_none(), "the system roots were loaded");
    }

    /// A chain that does not end at an extra root is decided by every root together, as before: here the
    /// "system" roots (set up in advance) hold the CA, and the extra root is an unrelated certificate.
    #[test]
    fn a_chain_to_another_root_falls_back_to_every_root() {
        let fallback = RootsVerifier::new(crypto(), store(&[SERVER]));
        assert!(
            fallback
                .all
                .set(verifier(&crypto(), store(&[CA, SERVER])))
                .is_ok()
        );
        assert!(verify(&fallback).is_ok());
        let nowhere = RootsVerifier::new(crypto(), store(&[SERVER]));
        assert!(nowhere.all.set(None).is_ok());
        let error = verify(&nowhere).unwrap_err();
        assert_eq!(
            error,
            rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer)
        );
    }

    #[test]
    fn pem_roots_are_read_and_broken_ones_refused() {
        let settings = TlsSettings {
            extra_roots_pem: vec![CA_PEM.to_vec()],
            ..TlsSettings::default()
        };
        assert_eq!(extra_roots(&settings).unwrap().len(), 1);
        for broken in [
            &b"not PEM at all"[..],
            b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
            b"-----BEGIN CERTIFICATE-----\nMIIB",
        ] {
            let settings = TlsSettings {
                extra_roots_pem: vec![broken.to_vec()],
                ..TlsSettings::default()
            };
            let error = extra_roots(&settings).unwrap_err();
            assert!(matches!(error, Error::Config(_)), "{error:?}");
        }
    }
}
