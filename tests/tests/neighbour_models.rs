//! The models of the Tokens, Authorization and Organization groups against their swagger (`spec/*.swagger.json`),
//! read here independently of the generator: for each model the operations return or take, a document with every
//! property of every model it reaches (the 75-model entity subtree of permission policies included, to a depth
//! that covers each model) decodes and encodes back to the same JSON. A key spelled otherwise (`OAuthClient`,
//! `default`), an integer width, an enum value or a map type that differs from the swagger fails here.

use std::collections::BTreeSet;

use genesys_cloud_models as models;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

const SPECS: &[&str] = &[
    concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/tokens.swagger.json"),
    concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../spec/authorization.swagger.json"
    ),
    concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../spec/organization.swagger.json"
    ),
];

/// Every definition of the three swagger files.
fn definitions() -> Map<String, Value> {
    let mut all = Map::new();
    for file in SPECS {
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{file}: {e}"));
        let swagger: Value = serde_json::from_str(&text).unwrap();
        for (name, definition) in swagger["definitions"].as_object().unwrap() {
            all.insert(name.clone(), definition.clone());
        }
    }
    all
}

/// A value of `schema` with every property set; models deeper than `depth` get only their required properties,
/// so that self-containing models end. Records each model it fills in `seen`.
fn sample(
    schema: &Value,
    defs: &Map<String, Value>,
    depth: usize,
    seen: &mut BTreeSet<String>,
) -> Value {
    if let Some(name) = schema["$ref"]
        .as_str()
        .and_then(|r| r.strip_prefix("#/definitions/"))
    {
        let definition = &defs[name];
        let required: Vec<&str> = definition["required"]
            .as_array()
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut object = Map::new();
        for (key, property) in definition["properties"].as_object().unwrap() {
            if depth == 0 && !required.contains(&key.as_str()) {
                continue;
            }
            object.insert(
                key.clone(),
                sample(property, defs, depth.saturating_sub(1), seen),
            );
        }
        if depth > 0 {
            seen.insert(name.to_owned());
        }
        return Value::Object(object);
    }
    if let Some(values) = schema["enum"].as_array() {
        // The last value: the first is often the one a default would give.
        return values.last().cloned().unwrap();
    }
    match (schema["type"].as_str(), schema["format"].as_str()) {
        (Some("string"), Some("date-time")) => json!("2025-06-01T12:30:45.123Z"),
        (Some("string"), _) => json!("text with \"quotes\" and ünïcode"),
        (Some("integer"), Some("int64")) => json!(9_007_199_254_740_991_i64),
        (Some("integer"), _) => json!(2_147_483_647),
        (Some("number"), _) => json!(1.5),
        (Some("boolean"), _) => json!(true),
        (Some("array"), _) => json!([sample(&schema["items"], defs, depth, seen)]),
        (Some("object"), _) => match schema.get("additionalProperties") {
            Some(values) => json!({"key": sample(values, defs, depth, seen)}),
            None => json!({"any": [1, "two"]}),
        },
        other => panic!("no sample for {other:?}"),
    }
}

/// `document` decodes as `T` and encodes back to itself.
fn round_trip<T: DeserializeOwned + Serialize>(name: &str, document: &Value) {
    let decoded: T = serde_json::from_value(document.clone())
        .unwrap_or_else(|e| panic!("{name} does not decode its swagger sample: {e}\n{document:#}"));
    let encoded = serde_json::to_value(&decoded).unwrap();
    assert_eq!(&encoded, document, "{name} changed in a round trip");
}

macro_rules! round_trips {
    ($($model:ident),+ $(,)?) => {{
        let defs = definitions();
        let mut seen = BTreeSet::new();
        $(
            let name = stringify!($model);
            let document = sample(&json!({"$ref": format!("#/definitions/{name}")}), &defs, 8, &mut seen);
            round_trip::<models::$model>(name, &document);
        )+
        seen
    }};
}

#[test]
fn every_model_decodes_and_encodes_its_swagger_sample_unchanged() {
    let seen = round_trips!(
        TokenInfo,
        IdleTokenTimeout,
        OrganizationRoleEntityListing,
        DomainOrganizationRole,
        AuthzDivisionEntityListing,
        AuthzDivision,
        AuthzSubject,
        PermissionCollectionEntityListing,
        Organization,
        // Deeper than the depth above reaches from the answers.
        ConditionalGroupActivationSimpleMetric,
        ResourceConditionValue,
        SkillsToRemove,
    );
    // The samples reached every model of the three files but the shared error models (ErrorBody and its parts,
    // which no 2xx answer holds).
    let defs = definitions();
    let missed: Vec<&String> = defs
        .keys()
        .filter(|name| !seen.contains(*name))
        .filter(|name| !["ErrorBody", "Detail", "Limit"].contains(&name.as_str()))
        .collect();
    assert!(missed.is_empty(), "models no sample reached: {missed:?}");
    assert!(seen.len() >= 90, "{}", seen.len());
}

#[test]
fn the_keys_the_platform_spells_its_own_way_are_kept() {
    let info: models::TokenInfo = serde_json::from_value(
        json!({"OAuthClient": {"name": "n", "authorizedGrantType": "CODE"}}),
    )
    .unwrap();
    assert_eq!(info.oauth_client.as_ref().unwrap().name, "n");
    assert!(
        serde_json::to_string(&info)
            .unwrap()
            .contains("\"OAuthClient\"")
    );
    let role: models::DomainOrganizationRole =
        serde_json::from_value(json!({"default": true})).unwrap();
    assert_eq!(role.default, Some(true));
    // A value of `productPlatform` the SDK does not know is kept; the platform's own `Unknown` is a known one.
    let organization: models::Organization =
        serde_json::from_value(json!({"version": 1, "productPlatform": "Unknown"})).unwrap();
    assert_eq!(
        organization.product_platform,
        Some(models::OrganizationProductPlatform::UnknownPlatform)
    );
    let organization: models::Organization =
        serde_json::from_value(json!({"version": 1, "productPlatform": "NewPlatform"})).unwrap();
    assert!(organization.product_platform.unwrap().is_unknown());
}
