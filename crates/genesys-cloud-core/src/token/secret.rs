//! Redacting wrappers for the short-lived secrets of the code and SAML grants.

use core::fmt;

macro_rules! grant_secret {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq)]
        pub struct $name(String);

        impl $name {
            /// Wraps the value.
            pub fn new(value: impl Into<String>) -> Self {
                Self(value.into())
            }

            /// The value itself; keep it out of logs.
            pub fn expose_secret(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "([redacted])"))
            }
        }
    };
}

grant_secret!(
    /// The one-time code of the authorization-code grant, as received on the redirect URI.
    AuthorizationCode
);
grant_secret!(
    /// A base64-encoded SAML2 assertion, for the SAML2 bearer grant.
    SamlAssertion
);
