//! The emulator's users: who may sign in on the login page, and whom a user's token acts for.
//!
//! Users are configured ([`EmulatorConfig::user`](crate::EmulatorConfig::user), `genesys emulator --user`), never
//! persisted, and every user administers the emulated organization: a user's token holds every OAuth
//! permission, whatever roles the client has (code and implicit clients have none).

use std::fmt;

use genesys_cloud_models::DomainEntityRef;
use sha2::{Digest, Sha256};

use crate::store::same_secret;

/// The most users a configuration may name.
pub(crate) const MAX_USERS: usize = 1_000;

/// A user's password. Redacted in `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Password(String);

impl Password {
    pub(crate) fn new(password: String) -> Self {
        Self(password)
    }

    pub(crate) fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password([redacted])")
    }
}

/// A user who can sign in.
#[derive(Clone, Debug)]
pub(crate) struct User {
    pub(crate) name: String,
    pub(crate) password: Password,
}

/// The configured users.
#[derive(Clone, Debug, Default)]
pub(crate) struct Users {
    users: Vec<User>,
}

impl Users {
    pub(crate) fn new(users: Vec<User>) -> Self {
        Self { users }
    }

    /// The user with this name and password. Every password is compared in full, also for an unknown name, so
    /// that timing tells neither which names exist nor how much of a guess was right.
    pub(crate) fn sign_in(&self, name: &str, password: &str) -> Option<&User> {
        let mut found = None;
        for user in &self.users {
            let name_ok = same_secret(&user.name, name);
            let password_ok = same_secret(user.password.expose_secret(), password);
            if name_ok && password_ok {
                found = Some(user);
            }
        }
        found
    }

    /// The names of the configured users.
    pub(crate) fn names(&self) -> impl Iterator<Item = &str> {
        self.users.iter().map(|user| user.name.as_str())
    }

    /// How many users are configured.
    pub(crate) fn len(&self) -> usize {
        self.users.len()
    }

    /// Whether a user of this name is configured.
    pub(crate) fn contains(&self, name: &str) -> bool {
        self.users.iter().any(|user| user.name == name)
    }
}

/// Why a user name cannot be configured; `None` when it can.
pub(crate) fn name_problem(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        Some("a user name must not be empty")
    } else if name.len() > 100 {
        Some("a user name must be at most 100 bytes")
    } else if name.contains(':') {
        Some("a user name must not contain ':' (NAME:PASSWORD splits at the first ':')")
    } else if name.chars().any(char::is_control) || name.trim() != name {
        Some("a user name must not contain control characters or surrounding spaces")
    } else {
        None
    }
}

/// The id of a user: a UUID derived from the name, so that it stays the same across restarts (and state
/// files), also for users named only by [`Emulator::issue_authorization_code`](crate::Emulator::issue_authorization_code).
pub(crate) fn user_id(name: &str) -> String {
    stable_uuid("user", name)
}

/// A version-4-shaped UUID derived from `kind` and `name`: the same at every start.
pub(crate) fn stable_uuid(kind: &str, name: &str) -> String {
    let digest = Sha256::digest(format!("genesys-cloud-emulator {kind} {name}").as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// A user as the API names one (`resourceOwner`, `createdBy`).
pub(crate) fn user_ref(name: &str) -> DomainEntityRef {
    let id = user_id(name);
    DomainEntityRef::new(id.clone())
        .with_name(name)
        .with_self_uri(format!("/api/v2/users/{id}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_in_needs_both_name_and_password() {
        let users = Users::new(vec![User {
            name: "alice".into(),
            password: Password::new("wonderland".into()),
        }]);
        assert_eq!(
            users
                .sign_in("alice", "wonderland")
                .map(|u| u.name.as_str()),
            Some("alice")
        );
        assert!(users.sign_in("alice", "wonderlan").is_none());
        assert!(users.sign_in("bob", "wonderland").is_none());
        assert!(users.sign_in("", "").is_none());
        assert!(!format!("{users:?}").contains("wonderland"));
    }

    #[test]
    fn ids_are_stable_uuids_and_names_are_checked() {
        let id = user_id("demo");
        assert_eq!(id, user_id("demo"));
        assert_ne!(id, user_id("demo2"));
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
        assert!(name_problem("demo").is_none());
        for bad in ["", "a:b", " x", "a\nb", &"x".repeat(101)] {
            assert!(name_problem(bad).is_some(), "{bad:?}");
        }
    }
}
