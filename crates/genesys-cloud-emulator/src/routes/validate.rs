//! The rules a client body (`OAuthClientRequest`) must follow, as the platform checks them.

use genesys_cloud_models::{OAuthClient, OAuthClientRequest};
use serde_json::Value;

use super::typed;
use crate::catalogue;
use crate::reply::Reply;

const MIN_VALIDITY: i64 = 300;
const MAX_VALIDITY: i64 = 172_800;
/// Role grants a client may hold in each of `roleDivisions` and `roleIds`: the emulator's bound (the platform
/// documents none), so that what `subjects/me` lists for a client stays small.
pub(crate) const MAX_ROLE_GRANTS: usize = 1_000;

/// Parses and checks a create or update body, naming every field that is missing or invalid.
pub(super) fn client_request(
    value: Value,
    divisions: &[catalogue::Division],
) -> Result<OAuthClientRequest, Reply> {
    let Value::Object(map) = &value else {
        return Err(Reply::bad_request(
            "The request body must be a JSON object (OAuthClientRequest)",
            None,
            "invalid.json",
        ));
    };
    let missing: Vec<(String, String)> = ["name", "authorizedGrantType"]
        .into_iter()
        .filter(|field| map.get(*field).is_none_or(Value::is_null))
        .map(|field| (field.to_owned(), "is required".to_owned()))
        .collect();
    if !missing.is_empty() {
        return Err(Reply::invalid(&missing));
    }
    let mut request: OAuthClientRequest = typed(value)?;
    let problems = problems(&request, divisions);
    if !problems.is_empty() {
        return Err(Reply::invalid(&problems));
    }
    // The platform's model has fixed fields: a field it does not know (a typo such as `redirectUris`, or a
    // server field sent back from a GET) is ignored, never stored or echoed. `dateToDelete` is the server's
    // to set (when a client goes inactive), so a client's value is ignored too.
    request.additional_fields.clear();
    request.date_to_delete = None;
    Ok(request)
}

fn problems(
    request: &OAuthClientRequest,
    divisions: &[catalogue::Division],
) -> Vec<(String, String)> {
    let mut problems = Vec::new();
    let mut problem = |field: String, why: String| problems.push((field, why));
    if request.name.trim().is_empty() {
        problem("name".into(), "must not be blank".into());
    }
    if request.authorized_grant_type.is_unknown() {
        problem(
            "authorizedGrantType".into(),
            format!(
                "`{}` is not one of CODE, TOKEN, SAML2-BEARER, PASSWORD, CLIENT-CREDENTIALS",
                request.authorized_grant_type
            ),
        );
    }
    if let Some(seconds) = request.access_token_validity_seconds {
        if !(MIN_VALIDITY..=MAX_VALIDITY).contains(&seconds) {
            problem(
                "accessTokenValiditySeconds".into(),
                format!("{seconds} is not between {MIN_VALIDITY} and {MAX_VALIDITY}"),
            );
        }
    }
    if let Some(state) = request.state.as_ref().filter(|state| state.is_unknown()) {
        problem(
            "state".into(),
            format!("`{state}` is not one of active, disabled, inactive"),
        );
    }
    for (field, count) in [
        (
            "roleDivisions",
            request.role_divisions.as_ref().map_or(0, Vec::len),
        ),
        ("roleIds", request.role_ids.as_ref().map_or(0, Vec::len)),
    ] {
        if count > MAX_ROLE_GRANTS {
            problem(
                field.into(),
                format!("{count} grants; the emulator holds at most {MAX_ROLE_GRANTS}"),
            );
        }
    }
    for (i, grant) in request.role_divisions.iter().flatten().enumerate() {
        if catalogue::role(&grant.role_id).is_none() {
            problem(
                format!("roleDivisions[{i}].roleId"),
                format!("`{}` is not a known role", grant.role_id),
            );
        }
        if !catalogue::is_known_division(&grant.division_id, divisions) {
            problem(
                format!("roleDivisions[{i}].divisionId"),
                format!("`{}` is not a known division", grant.division_id),
            );
        }
    }
    for (i, role) in request.role_ids.iter().flatten().enumerate() {
        if catalogue::role(role).is_none() {
            problem(
                format!("roleIds[{i}]"),
                format!("`{role}` is not a known role"),
            );
        }
    }
    for (i, scope) in request.scope.iter().flatten().enumerate() {
        if !catalogue::is_well_formed_scope(scope) {
            problem(
                format!("scope[{i}]"),
                format!(
                    "`{scope}` is not a scope name (lower-case words joined by `-`, parts by `:`)"
                ),
            );
        }
    }
    problems
}

/// With [`known_scopes_only`](crate::EmulatorConfig::known_scopes_only): a request naming a scope outside the
/// catalogue is refused, naming each such scope.
pub(super) fn check_known_scopes(request: &OAuthClientRequest, strict: bool) -> Result<(), Reply> {
    let problems: Vec<(String, String)> = request
        .scope
        .iter()
        .flatten()
        .enumerate()
        .filter(|(_, scope)| strict && !catalogue::is_known_scope(scope))
        .map(|(i, scope)| {
            (
                format!("scope[{i}]"),
                format!("`{scope}` is not a scope of the catalogue"),
            )
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Reply::invalid(&problems))
    }
}

/// The platform's token validity for a client created without `accessTokenValiditySeconds`: a day.
pub(super) const DEFAULT_VALIDITY: i64 = 86_400;

/// Writes a checked request over a client. A missing `state` keeps the client's current state (new
/// clients start `active`), a missing `accessTokenValiditySeconds` the current validity (new clients get
/// [`DEFAULT_VALIDITY`]); `dateToDelete` is left to the caller, which knows the state change; every other
/// field is replaced, absent ones cleared.
pub(super) fn apply(client: &mut OAuthClient, request: OAuthClientRequest) {
    client.name = request.name;
    client.access_token_validity_seconds = request
        .access_token_validity_seconds
        .or(client.access_token_validity_seconds)
        .or(Some(DEFAULT_VALIDITY));
    client.description = request.description;
    client.registered_redirect_uri = request.registered_redirect_uri;
    client.role_ids = request.role_ids;
    client.authorized_grant_type = request.authorized_grant_type;
    client.scope = request.scope;
    client.role_divisions = request.role_divisions;
    if let Some(state) = request.state {
        client.state = Some(state);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reply::Payload;
    use serde_json::json;

    fn fields(reply: Reply) -> Vec<String> {
        let Payload::Error(body) = reply.payload else {
            panic!("not an error")
        };
        body.details
            .unwrap_or_default()
            .into_iter()
            .filter_map(|d| d.field_name)
            .collect()
    }

    #[test]
    fn names_each_bad_field() {
        let err = client_request(json!({}), &[catalogue::Division::home()]).unwrap_err();
        assert_eq!(fields(err), ["name", "authorizedGrantType"]);
        let err = client_request(
            json!({"name": 5, "authorizedGrantType": "CODE"}),
            &[catalogue::Division::home()],
        )
        .unwrap_err();
        assert_eq!(fields(err), ["name"]);
        let err = client_request(
            json!({
                "name": " ", "authorizedGrantType": "DEVICE", "accessTokenValiditySeconds": 299,
                "state": "paused", "roleDivisions": [{"roleId": "nope", "divisionId": "nowhere"}],
                "roleIds": ["x"], "scope": ["users", "Bogus Scope"]
            }),
            &[catalogue::Division::home()],
        )
        .unwrap_err();
        assert_eq!(
            fields(err),
            [
                "name",
                "authorizedGrantType",
                "accessTokenValiditySeconds",
                "state",
                "roleDivisions[0].roleId",
                "roleDivisions[0].divisionId",
                "roleIds[0]",
                "scope[1]"
            ]
        );
        let err = client_request(
            json!({"name": "n", "authorizedGrantType": "CODE", "roleDivisions": [{"roleId": "r"}]}),
            &[catalogue::Division::home()],
        )
        .unwrap_err();
        assert_eq!(fields(err), ["roleDivisions[0].divisionId"]);
        assert!(client_request(json!(null), &[catalogue::Division::home()]).is_err());
        assert!(client_request(json!([1]), &[catalogue::Division::home()]).is_err());
    }

    #[test]
    fn ignores_unknown_fields_and_the_date_to_delete() {
        let request = client_request(json!({
            "name": "n", "authorizedGrantType": "CLIENT-CREDENTIALS", "accessTokenValidity": 600,
            "redirectUris": ["https://x"], "id": "mine", "secret": "leak", "description": null,
            "dateToDelete": "2030-01-01T00:00:00Z", "scope": ["outbound", "scripts:readonly", "web-chat"]
        }), &[catalogue::Division::home()])
        .unwrap();
        assert!(request.additional_fields.is_empty());
        assert!(request.date_to_delete.is_none());
        assert!(request.access_token_validity_seconds.is_none());
        assert!(request.description.is_none());
    }
}
