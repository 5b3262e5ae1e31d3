//! `--print-request-body` (gc's `--printrequestbody`): a request model with every writable field and a placeholder
//! of its type, to fill in and give back with `--file`.
//!
//! The skeletons are built from the models and serialized by them, so they hold exactly the fields and JSON names
//! the models send, and parse back as the same model. Read-only fields (`id`, `selfUri`, `secret`, `dateCreated`,
//! `dateModified`, `createdBy`, `modifiedBy`) belong to `OAuthClient`, not to the request model, and so never appear.

use genesys_cloud_models::{
    ApiUsageClientQuery, ClientState, GrantType, Granularity, OAuthClientRequest, RoleDivision,
    Timestamp, UsageGroupBy, UsageMetric,
};

/// Placeholders: `""` for strings (enums included: the help lists their values), `0` for numbers, one placeholder
/// item in each list (so that its type shows), and the Unix epoch for a date-time (the one placeholder a date
/// parser accepts).
const TEXT: &str = "";

/// An `OAuthClientRequest` (body of `oauth clients create` and `update`).
pub(crate) fn client_request() -> Vec<u8> {
    let mut request = OAuthClientRequest::new(TEXT, GrantType::from(TEXT));
    request.access_token_validity_seconds = Some(0);
    request.description = Some(TEXT.to_owned());
    request.registered_redirect_uri = Some(vec![TEXT.to_owned()]);
    request.role_ids = Some(vec![TEXT.to_owned()]);
    request.scope = Some(vec![TEXT.to_owned()]);
    request.role_divisions = Some(vec![RoleDivision::new(TEXT, TEXT)]);
    request.state = Some(ClientState::from(TEXT));
    request.date_to_delete = Timestamp::from_unix_millis(0);
    to_json(&request)
}

/// An `ApiUsageClientQuery` (body of `oauth clients usage query create` and `run`).
pub(crate) fn usage_query() -> Vec<u8> {
    let mut query = ApiUsageClientQuery::new(TEXT);
    query.granularity = Some(Granularity::from(TEXT));
    query.metrics = Some(vec![UsageMetric::from(TEXT)]);
    query.group_by = Some(vec![UsageGroupBy::from(TEXT)]);
    to_json(&query)
}

fn to_json(model: &impl serde::Serialize) -> Vec<u8> {
    // The models serialize to memory without fail (string keys, finite numbers).
    serde_json::to_vec(model).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skeletons_hold_every_writable_field_and_parse_back() {
        let client: serde_json::Value = serde_json::from_slice(&client_request()).unwrap();
        let keys: Vec<&str> = client
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        for key in [
            "name",
            "accessTokenValiditySeconds",
            "description",
            "registeredRedirectUri",
            "roleIds",
            "authorizedGrantType",
            "scope",
            "roleDivisions",
            "state",
            "dateToDelete",
        ] {
            assert!(keys.contains(&key), "{key}: {client}");
        }
        assert_eq!(keys.len(), 10, "{client}");
        for read_only in ["id", "secret", "dateCreated", "selfUri"] {
            assert!(client.get(read_only).is_none(), "{read_only}");
        }
        assert_eq!(client["roleDivisions"][0]["roleId"], "");
        assert_eq!(client["accessTokenValiditySeconds"], 0);
        let parsed: OAuthClientRequest =
            crate::body::parse(&client_request(), "OAuthClientRequest", false).unwrap();
        assert!(parsed.additional_fields.is_empty());

        let query: serde_json::Value = serde_json::from_slice(&usage_query()).unwrap();
        assert_eq!(query.as_object().unwrap().len(), 4, "{query}");
        assert_eq!(query["metrics"], serde_json::json!([""]));
        crate::body::parse::<ApiUsageClientQuery>(&usage_query(), "ApiUsageClientQuery", false)
            .unwrap();
    }
}
