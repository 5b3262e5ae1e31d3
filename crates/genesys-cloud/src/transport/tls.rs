//! rustls configuration with an explicit crypto provider, so that having both providers in a dependency graph
//! never panics, and with the chosen root certificates.

use std::sync::Arc;

use rustls::RootCertStore;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::CertificateDer;

use crate::error::Error;

/// What the TLS layer trusts.
#[derive(Clone, Debug, Default)]
pub(crate) struct TlsSettings {
    /// Extra trusted roots (DER), for TLS-inspecting proxies or private gateways.
    pub(crate) extra_roots: Vec<CertificateDer<'static>>,
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

fn roots(settings: &TlsSettings) -> Result<RootCertStore, Error> {
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
    for certificate in &settings.extra_roots {
        store.add(certificate.clone()).map_err(|error| {
            Error::config(
                crate::ConfigErrorKind::Tls,
                format!("an extra root certificate is invalid: {error}"),
            )
        })?;
    }
    Ok(store)
}

/// The client TLS configuration: safe default protocol versions, the roots, no client certificate.
pub(crate) fn client_config(settings: &TlsSettings) -> Result<rustls::ClientConfig, Error> {
    let roots = roots(settings)?;
    rustls::ClientConfig::builder_with_provider(provider()?)
        .with_safe_default_protocol_versions()
        .map_err(|error| {
            Error::config(
                crate::ConfigErrorKind::Tls,
                format!("TLS setup failed: {error}"),
            )
        })
        .map(|builder| builder.with_root_certificates(roots).with_no_client_auth())
}
