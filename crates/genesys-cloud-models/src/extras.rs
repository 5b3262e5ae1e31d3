//! Behaviour the spec cannot say, on top of the generated models: constructors for the models whose only
//! identifying field is optional, and questions about enum values.

use crate::{DomainEntityRef, OAuthScope, QueryStatus};

impl DomainEntityRef {
    /// A reference to the entity with this id.
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            id: Some(id.into()),
            ..Self::default()
        }
    }
}

impl OAuthScope {
    /// A scope with this id.
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            id: Some(id.into()),
            ..Self::default()
        }
    }
}

impl QueryStatus {
    /// Whether the query is over (Complete or Failed): polling can stop.
    pub fn is_finished(&self) -> bool {
        matches!(self, Self::Complete | Self::Failed)
    }
}

#[cfg(test)]
mod tests {
    use crate::*;

    #[test]
    fn known_and_unknown_values() {
        assert_eq!(GrantType::from("SAML2-BEARER"), GrantType::Saml2Bearer);
        let unknown = GrantType::from("DEVICE-CODE");
        assert!(unknown.is_unknown());
        assert_eq!(unknown.as_str(), "DEVICE-CODE");
        assert_eq!(GrantType::try_parse("DEVICE-CODE"), None);
        assert_eq!(format!("{unknown:?}"), "Unknown(\"DEVICE-CODE\")");
        assert_eq!(format!("{:?}", ClientState::Inactive), "Inactive");
        assert_eq!(ClientState::Inactive.to_string(), "inactive");
        // Known strings never become Unknown, whichever constructor is used.
        assert_eq!(
            ClientState::from(String::from("active")),
            ClientState::Active
        );
        assert_eq!(GrantType::KNOWN.len(), 5);
        assert!(QueryStatus::Failed.is_finished() && !QueryStatus::Running.is_finished());
    }

    #[test]
    fn serde_round_trip_keeps_unknown_strings() {
        let value: UsageMetric = serde_json::from_str("\"Status418\"").unwrap();
        assert_eq!(serde_json::to_string(&value).unwrap(), "\"Status418\"");
        let value: UsageMetric = serde_json::from_str("\"Status429\"").unwrap();
        assert_eq!(value, UsageMetric::Status429);
        assert!(serde_json::from_str::<UsageMetric>("42").is_err());
    }

    #[test]
    fn scope_and_reference_constructors_set_the_id() {
        assert_eq!(DomainEntityRef::new("u1").id.as_deref(), Some("u1"));
        assert_eq!(
            OAuthScope::new("users:readonly").id.as_deref(),
            Some("users:readonly")
        );
    }
}
