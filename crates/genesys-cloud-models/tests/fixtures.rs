//! Every model against a JSON document with every field set, and the edge cases of the wire format.

use std::fmt::Debug;
use std::path::Path;

use genesys_cloud_models::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

fn fixture(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

/// Parses the fixture as `T` and checks it writes back the identical JSON document.
fn round_trip<T: DeserializeOwned + Serialize + Debug>(name: &str) -> T {
    let document = fixture(name);
    let text = serde_json::to_string(&document).unwrap();
    let model: T = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    let written = serde_json::to_value(&model).unwrap();
    assert_eq!(written, document, "{name} did not round-trip");
    model
}

#[test]
fn every_model_round_trips_with_every_field_set() {
    round_trip::<OAuthClient>("OAuthClient");
    round_trip::<OAuthClientRequest>("OAuthClientRequest");
    round_trip::<OAuthClientEntityListing>("OAuthClientEntityListing");
    round_trip::<OAuthClientListing>("OAuthClientListing");
    round_trip::<OAuthAuthorization>("OAuthAuthorization");
    round_trip::<OAuthAuthorizationListing>("OAuthAuthorizationListing");
    round_trip::<OAuthScope>("OAuthScope");
    round_trip::<OAuthScopeListing>("OAuthScopeListing");
    round_trip::<ApiUsageClientQuery>("ApiUsageClientQuery");
    round_trip::<ApiUsageQueryResult>("ApiUsageQueryResult");
    round_trip::<ApiUsageRow>("ApiUsageRow");
    round_trip::<Cursors>("Cursors");
    round_trip::<UsageExecutionResult>("UsageExecutionResult");
    round_trip::<ErrorBody>("ErrorBody");
    round_trip::<Detail>("Detail");
    round_trip::<Limit>("Limit");
    round_trip::<DomainEntityRef>("DomainEntityRef");
    round_trip::<RoleDivision>("RoleDivision");
}

#[test]
fn fixtures_parse_into_the_typed_values() {
    let client = round_trip::<OAuthClient>("OAuthClient");
    assert_eq!(client.authorized_grant_type, GrantType::ClientCredentials);
    assert_eq!(client.state, Some(ClientState::Active));
    assert_eq!(client.access_token_validity_seconds, Some(86_400));
    assert_eq!(
        client.date_modified.map(|t| t.to_string()).as_deref(),
        Some("2025-06-21T08:00:00.123Z")
    );
    assert_eq!(client.role_divisions.as_ref().map(Vec::len), Some(1));
    let row = round_trip::<ApiUsageRow>("ApiUsageRow");
    // int64 counters beyond 2^53 keep every digit.
    assert_eq!(row.status200, Some(9_007_199_254_740_993));
    let error = round_trip::<ErrorBody>("ErrorBody");
    assert_eq!(
        error.limit.and_then(|l| l.namespace),
        Some(LimitNamespace::PlatformApi)
    );
    let result = round_trip::<ApiUsageQueryResult>("ApiUsageQueryResult");
    assert_eq!(result.query_status, Some(QueryStatus::Complete));
}

#[test]
fn unknown_fields_are_ignored_and_kept_where_written_back() {
    let mut document = fixture("OAuthClient");
    document["allowedIpRanges"] = json!(["203.0.113.0/24"]);
    document["futureFlag"] = json!({"nested": [1, 2, 3]});
    let client: OAuthClient = serde_json::from_value(document.clone()).unwrap();
    assert_eq!(client.additional_fields.len(), 2);
    assert_eq!(serde_json::to_value(&client).unwrap(), document);

    // The PUT body made from it keeps the unknown fields and drops the server-populated ones.
    let request = serde_json::to_value(client.to_request()).unwrap();
    assert_eq!(request["allowedIpRanges"], json!(["203.0.113.0/24"]));
    assert_eq!(request["futureFlag"], json!({"nested": [1, 2, 3]}));
    for server_only in [
        "id",
        "secret",
        "dateCreated",
        "dateModified",
        "createdBy",
        "modifiedBy",
        "selfUri",
    ] {
        assert!(
            request.get(server_only).is_none(),
            "{server_only} leaked into the request"
        );
    }
    let mut expected = fixture("OAuthClientRequest");
    expected["allowedIpRanges"] = json!(["203.0.113.0/24"]);
    expected["futureFlag"] = json!({"nested": [1, 2, 3]});
    assert_eq!(request, expected);

    let mut request_doc = fixture("OAuthClientRequest");
    request_doc["brandNewField"] = json!(true);
    let parsed: OAuthClientRequest = serde_json::from_value(request_doc.clone()).unwrap();
    assert_eq!(serde_json::to_value(parsed).unwrap(), request_doc);

    // Everywhere else unknown fields are ignored.
    let mut scope = fixture("OAuthScope");
    scope["unexpected"] = json!("x");
    let parsed: OAuthScope = serde_json::from_value(scope).unwrap();
    assert_eq!(serde_json::to_value(parsed).unwrap(), fixture("OAuthScope"));
    let mut listing = fixture("OAuthClientEntityListing");
    listing["unexpected"] = json!(null);
    let parsed: OAuthClientEntityListing = serde_json::from_value(listing).unwrap();
    assert_eq!(
        serde_json::to_value(parsed).unwrap(),
        fixture("OAuthClientEntityListing")
    );
}

#[test]
fn oauth_client_listing_keeps_unknown_fields() {
    // A list item feeds read-modify-write like a fetched client: what this SDK does not know is written back.
    let mut item = fixture("OAuthClientListing");
    item["authorizedGrantType"] = json!("CLIENT-CREDENTIALS");
    item["allowedIpRanges"] = json!(["203.0.113.0/24"]);
    let parsed: OAuthClientListing = serde_json::from_value(item.clone()).unwrap();
    assert_eq!(serde_json::to_value(&parsed).unwrap(), item);

    // The same inside a page; the page itself is not written back and ignores its own unknown fields.
    let mut page = fixture("OAuthClientEntityListing");
    page["entities"][0]["futureFlag"] = json!({"nested": [1, 2, 3]});
    let expected = page.clone();
    page["unexpected"] = json!(1);
    let parsed: OAuthClientEntityListing = serde_json::from_value(page).unwrap();
    assert_eq!(serde_json::to_value(&parsed).unwrap(), expected);
}

#[test]
fn api_usage_client_query_keeps_unknown_fields() {
    // A request body the user wrote (`genesys ... usage query create --file`) passes through this type: a
    // field the platform added after this SDK is sent, not dropped without a word.
    let mut query = fixture("ApiUsageClientQuery");
    query["filter"] = json!({"type": "and", "clauses": []});
    let parsed: ApiUsageClientQuery = serde_json::from_value(query.clone()).unwrap();
    assert_eq!(serde_json::to_value(&parsed).unwrap(), query);
}

/// Sets every key of the fixture (all the modelled fields) as an additional field in turn: writing must fail,
/// naming the key, rather than write the key twice.
fn assert_no_duplicate_keys<T: DeserializeOwned + Serialize>(
    name: &str,
    additional: impl Fn(&mut T) -> &mut serde_json::Map<String, Value>,
) {
    let document = fixture(name);
    let keys: Vec<String> = document.as_object().unwrap().keys().cloned().collect();
    for key in keys {
        let mut model: T = serde_json::from_value(document.clone()).unwrap();
        additional(&mut model).insert(key.clone(), json!("other"));
        match serde_json::to_string(&model) {
            Ok(text) => panic!("{name}.{key}: written as {text}"),
            Err(error) => assert!(error.to_string().contains(&key), "{name}.{key}: {error}"),
        }
    }
}

#[test]
fn an_additional_field_never_duplicates_a_modelled_key() {
    // `{"name":"a",…,"name":"b"}` does not read back into the type, and which name the server takes is its choice.
    assert_no_duplicate_keys::<OAuthClient>("OAuthClient", |m| &mut m.additional_fields);
    assert_no_duplicate_keys::<OAuthClientRequest>("OAuthClientRequest", |m| {
        &mut m.additional_fields
    });
    assert_no_duplicate_keys::<OAuthClientListing>("OAuthClientListing", |m| {
        &mut m.additional_fields
    });
    assert_no_duplicate_keys::<ApiUsageClientQuery>("ApiUsageClientQuery", |m| {
        &mut m.additional_fields
    });
    // A modelled key that is absent is still a modelled key.
    let request = OAuthClientRequest::new("a", GrantType::ClientCredentials)
        .with_additional_field("description", json!("b"));
    assert!(serde_json::to_string(&request).is_err());
}

#[test]
fn unknown_enum_values_survive_a_round_trip() {
    let mut client = fixture("OAuthClient");
    client["authorizedGrantType"] = json!("DEVICE-CODE");
    client["state"] = json!("suspended");
    let parsed: OAuthClient = serde_json::from_value(client.clone()).unwrap();
    assert!(parsed.authorized_grant_type.is_unknown());
    assert_eq!(parsed.authorized_grant_type.as_str(), "DEVICE-CODE");
    assert_eq!(
        parsed.state.as_ref().map(ClientState::as_str),
        Some("suspended")
    );
    assert_ne!(parsed.state, Some(ClientState::Active));
    assert_eq!(serde_json::to_value(&parsed).unwrap(), client);

    let mut query = fixture("ApiUsageClientQuery");
    query["granularity"] = json!("Hour");
    query["metrics"] = json!(["Requests", "Status418"]);
    query["groupBy"] = json!(["UserId"]);
    let parsed: ApiUsageClientQuery = serde_json::from_value(query.clone()).unwrap();
    assert_eq!(parsed.metrics.as_ref().unwrap()[0], UsageMetric::Requests);
    assert!(parsed.metrics.as_ref().unwrap()[1].is_unknown());
    assert_eq!(serde_json::to_value(&parsed).unwrap(), query);

    for (path, value) in [("/state", "Pending"), ("/client/state", "archived")] {
        let mut auth = fixture("OAuthAuthorization");
        *auth.pointer_mut(path).unwrap() = json!(value);
        let parsed: OAuthAuthorization = serde_json::from_value(auth.clone()).unwrap();
        assert_eq!(serde_json::to_value(&parsed).unwrap(), auth);
    }
    let mut result = fixture("ApiUsageQueryResult");
    result["queryStatus"] = json!("Cancelled");
    let parsed: ApiUsageQueryResult = serde_json::from_value(result.clone()).unwrap();
    assert_eq!(serde_json::to_value(&parsed).unwrap(), result);
    let mut limit = fixture("Limit");
    limit["namespace"] = json!("quantum.routing");
    let parsed: Limit = serde_json::from_value(limit.clone()).unwrap();
    assert_eq!(serde_json::to_value(&parsed).unwrap(), limit);
}

#[test]
fn null_means_absent_and_absent_is_never_written() {
    let client: OAuthClient = serde_json::from_value(json!({
        "name": "n",
        "authorizedGrantType": "CODE",
        "id": null,
        "description": null,
        "registeredRedirectUri": null,
        "secret": null,
        "dateCreated": null,
        "createdBy": null,
        "state": null,
        "roleDivisions": null,
    }))
    .unwrap();
    assert_eq!(client, OAuthClient::new("n", GrantType::Code));
    assert_eq!(
        serde_json::to_value(&client).unwrap(),
        json!({"name": "n", "authorizedGrantType": "CODE"})
    );
    let row: ApiUsageRow = serde_json::from_value(json!({"requests": null, "date": null})).unwrap();
    assert_eq!(row, ApiUsageRow::default());
    assert_eq!(serde_json::to_string(&row).unwrap(), "{}");
    let listing: OAuthClientEntityListing =
        serde_json::from_value(json!({"entities": null, "nextUri": null, "pageCount": null}))
            .unwrap();
    assert_eq!(serde_json::to_string(&listing).unwrap(), "{}");
    let error: ErrorBody =
        serde_json::from_value(json!({"details": null, "errors": null, "limit": null})).unwrap();
    assert_eq!(serde_json::to_string(&error).unwrap(), "{}");
}

#[test]
fn required_fields_are_required() {
    for (name, missing) in [
        ("OAuthClient", "name"),
        ("OAuthClient", "authorizedGrantType"),
        ("OAuthClientRequest", "name"),
        ("OAuthClientRequest", "authorizedGrantType"),
        ("OAuthClientListing", "name"),
        ("ApiUsageClientQuery", "interval"),
        ("RoleDivision", "roleId"),
        ("RoleDivision", "divisionId"),
    ] {
        let mut document = fixture(name);
        document.as_object_mut().unwrap().remove(missing);
        let error = match name {
            "OAuthClient" => serde_json::from_value::<OAuthClient>(document).err(),
            "OAuthClientRequest" => serde_json::from_value::<OAuthClientRequest>(document).err(),
            "OAuthClientListing" => serde_json::from_value::<OAuthClientListing>(document).err(),
            "ApiUsageClientQuery" => serde_json::from_value::<ApiUsageClientQuery>(document).err(),
            _ => serde_json::from_value::<RoleDivision>(document).err(),
        };
        let error = error.unwrap_or_else(|| panic!("{name} without {missing} parsed"));
        assert!(error.to_string().contains(missing), "{name}: {error}");
    }
}

#[test]
fn date_times_with_and_without_fractions_z_and_offsets() {
    for (input, written) in [
        ("2025-06-21T08:00:00Z", "2025-06-21T08:00:00.000Z"),
        ("2025-06-21T08:00:00.000Z", "2025-06-21T08:00:00.000Z"),
        ("2025-06-21T08:00:00.1Z", "2025-06-21T08:00:00.100Z"),
        ("2025-06-21T08:00:00.123456Z", "2025-06-21T08:00:00.123Z"),
        ("2025-06-21T08:00:00+00:00", "2025-06-21T08:00:00.000Z"),
        ("2025-06-21T08:00:00.250+00:00", "2025-06-21T08:00:00.250Z"),
        ("2025-06-21T03:00:00-05:00", "2025-06-21T08:00:00.000Z"),
    ] {
        let row: ApiUsageRow = serde_json::from_value(json!({ "date": input })).unwrap();
        assert_eq!(
            serde_json::to_value(&row).unwrap(),
            json!({ "date": written }),
            "{input}"
        );
    }
    for bad in ["2025-06-21", "21/06/2025", "2025-06-21T08:00:00", ""] {
        let error = serde_json::from_value::<ApiUsageRow>(json!({ "date": bad })).unwrap_err();
        assert!(error.to_string().contains("date-time"), "{bad}: {error}");
    }
}

#[test]
fn integer_widths_follow_the_spec() {
    // int32 fields reject values an int32 cannot hold; int64 fields take them.
    assert!(
        serde_json::from_value::<OAuthClientEntityListing>(json!({"pageSize": 2_147_483_648_i64}))
            .is_err()
    );
    assert!(serde_json::from_value::<ErrorBody>(json!({"status": 4_294_967_296_i64})).is_err());
    let listing: OAuthClientEntityListing =
        serde_json::from_value(json!({"total": 4_294_967_296_i64})).unwrap();
    assert_eq!(listing.total, Some(4_294_967_296));
}

#[test]
fn debug_output_never_contains_the_secret() {
    let secret = "Zx9-secret-Ak3Lm0p";
    let client = round_trip::<OAuthClient>("OAuthClient");
    let listing = round_trip::<OAuthClientListing>("OAuthClientListing");
    let page = round_trip::<OAuthClientEntityListing>("OAuthClientEntityListing");
    let authorization = round_trip::<OAuthAuthorization>("OAuthAuthorization");
    for debug in [
        format!("{client:?}"),
        format!("{client:#?}"),
        format!("{listing:?}"),
        format!("{listing:#?}"),
        format!("{page:?}"),
        format!("{authorization:#?}"),
    ] {
        assert!(!debug.contains(secret), "secret in Debug output: {debug}");
        assert!(debug.contains("ClientSecret([redacted])"));
    }
    // The value is still there, behind an explicit call, and serializes for the wire.
    assert_eq!(
        client.secret.as_ref().map(ClientSecret::expose_secret),
        Some(secret)
    );
    assert_eq!(
        listing.secret.as_ref().map(ClientSecret::expose_secret),
        Some(secret)
    );
}

#[test]
fn builders_fill_what_the_constructors_leave_out() {
    let request = OAuthClientRequest::new("CI bot", GrantType::ClientCredentials)
        .with_description("Runs the pipeline")
        .with_role_divisions(vec![RoleDivision::new("r", "d")])
        .with_state(ClientState::Active)
        .with_additional_field("allowedIpRanges", json!(["198.51.100.0/24"]));
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({
            "name": "CI bot",
            "authorizedGrantType": "CLIENT-CREDENTIALS",
            "description": "Runs the pipeline",
            "roleDivisions": [{"roleId": "r", "divisionId": "d"}],
            "state": "active",
            "allowedIpRanges": ["198.51.100.0/24"],
        })
    );
}
