//! Redacting wrappers for secret values: client secrets, access tokens and refresh tokens.
//!
//! Each type prints a placeholder in `Debug`, has no `Display`, and gives up its value only through an
//! explicit [`expose_secret`](ClientSecret::expose_secret) call, which is easy to find in a code review.
//! They serialize to and from the plain JSON string, because the API carries them that way.

macro_rules! secret_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Wraps a secret value.
            pub fn new(value: impl Into<String>) -> Self {
                Self(value.into())
            }

            /// Returns the secret value itself.
            ///
            /// Handle the result with care: it must not reach logs, error messages or `Debug` output.
            pub fn expose_secret(&self) -> &str {
                &self.0
            }

            /// Consumes the wrapper and returns the secret value itself.
            pub fn into_secret(self) -> String {
                self.0
            }
        }

        impl core::fmt::Debug for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(concat!(stringify!($name), "([redacted])"))
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                Self(value)
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                Self(value.to_owned())
            }
        }
    };
}

secret_type!(
    /// An OAuth client secret, as returned when a client is created or its secret is regenerated.
    ClientSecret
);
secret_type!(
    /// An OAuth access token, sent as `Authorization: Bearer <token>`.
    AccessToken
);
secret_type!(
    /// An OAuth refresh token, exchanged for a new access token by the refresh-token grant.
    RefreshToken
);
