//! `spec/` read into what the emitters need: the API groups, their operations and parameters, with the
//! overrides applied. Everything the spec does not say clearly is an error naming the place, never a guess.

use std::collections::BTreeMap;
use std::path::Path;

use crate::json::{self, Json};
use crate::names;

/// The whole spec: every group, in the overrides file's order.
pub(crate) struct Spec {
    pub(crate) groups: Vec<Group>,
    /// Every group's models: each definition with the groups that declare it (all of them, generated or not, so
    /// that a model every group declares is known as common to all).
    pub(crate) definitions: BTreeMap<String, (Json, Vec<String>)>,
    /// `overrides.json` as read.
    pub(crate) overrides: Json,
}

/// One API group: one swagger file, one cargo feature.
pub(crate) struct Group {
    /// The group's name, also its cargo feature (`oauth`).
    pub(crate) name: String,
    /// Its title in docs (`OAuth`).
    pub(crate) title: String,
    /// Whether its code is generated (a group whose models are not generated yet has only its swagger).
    pub(crate) generated: bool,
    /// Its operations, sorted by operationId.
    pub(crate) operations: Vec<Operation>,
}

/// One operation.
pub(crate) struct Operation {
    pub(crate) id: String,
    /// `GetOauthClient`.
    pub(crate) type_name: String,
    /// `get_oauth_client`.
    pub(crate) method_name: String,
    /// `GET`.
    pub(crate) method: String,
    pub(crate) path: String,
    /// The operation's documentation: the overrides' `doc`, else the swagger's summary.
    pub(crate) doc: String,
    /// The executor method's extra documentation (links to helpers), from the overrides' `clientDoc`.
    pub(crate) client_doc: Option<String>,
    pub(crate) permissions: Vec<String>,
    pub(crate) path_params: Vec<Param>,
    pub(crate) query_params: Vec<Param>,
    pub(crate) header_params: Vec<Param>,
    pub(crate) body: Option<Body>,
    /// The model of a success response with a body; `None` for an empty answer.
    pub(crate) response: Option<String>,
    pub(crate) idempotent: bool,
    /// The paging kind of a listing (`entityListing`).
    pub(crate) paging: Option<String>,
    /// The model of one entity of a listing's page (`OAuthClientListing`), for a paged operation.
    pub(crate) paged_item: Option<String>,
    /// Statuses that mean "done" when answered to a retry of an attempt that may have been applied.
    pub(crate) retry_answer_means_done: Vec<u16>,
    /// Whether a success revokes the token the request was sent with.
    pub(crate) revokes_token: bool,
    /// Whether the call is about the token it is sent with (no renewal before or after it).
    pub(crate) about_own_token: bool,
}

/// A path, query or header parameter.
pub(crate) struct Param {
    /// The name on the wire (`clientId`, `days`, `Accept-Language`).
    pub(crate) name: String,
    /// The Rust name (`client_id`).
    pub(crate) rust_name: String,
    pub(crate) description: String,
    /// The Rust type of the value the setter takes (`String`, `u32`, an open enum ...); of each item for an
    /// array.
    pub(crate) rust_type: String,
    /// Whether the type is an open enum of the models, sent as its wire string.
    pub(crate) is_enum: bool,
    /// Whether the parameter is an array, sent as one `name=value` pair per item (collectionFormat `multi`).
    pub(crate) array: bool,
    /// For a path parameter, the values that would make the path another operation's (`me` for
    /// `/tokens/{userId}`, whose sibling is `/tokens/me`): refused when building the request.
    pub(crate) reserved: Vec<String>,
    /// The platform's default, when the spec gives one.
    pub(crate) default: Option<String>,
}

/// A request body.
pub(crate) struct Body {
    /// The Rust name of the argument and getter (`body`, unless the overrides name it).
    pub(crate) rust_name: String,
    /// The model.
    pub(crate) model: String,
}

const METHODS: &[&str] = &["get", "put", "post", "delete", "patch", "head"];

/// Reads `spec/overrides.json` and the swagger file of each of its groups.
pub(crate) fn load(dir: &Path) -> Result<Spec, String> {
    let overrides = json::read(&dir.join("overrides.json"))?;
    let op_overrides = overrides
        .get("operations")
        .ok_or("overrides.json: no `operations`")?;
    let mut groups = Vec::new();
    let mut definitions: BTreeMap<String, (Json, Vec<String>)> = BTreeMap::new();
    for (name, group) in overrides
        .get("groups")
        .ok_or("overrides.json: no `groups`")?
        .members()
    {
        let file = group.text("file");
        let swagger = json::read(&dir.join(file))?;
        let mut operations = Vec::new();
        // A group that is not generated yet has only its swagger: its operations are read once it is.
        let paths = if group.flag("generated") {
            swagger.get("paths").map(Json::members).unwrap_or_default()
        } else {
            &[]
        };
        for (path, item) in paths {
            for (method, op) in item.members() {
                if !METHODS.contains(&method.as_str()) {
                    continue;
                }
                let id = op.text("operationId");
                let place = format!("{file}: {} {path} ({id})", method.to_uppercase());
                let extra = op_overrides
                    .get(id)
                    .ok_or_else(|| format!("{place}: no entry in overrides.json `operations`"))?;
                operations.push(
                    operation(path, method, op, extra, overrides.get("enums"))
                        .map_err(|e| format!("{place}: {e}"))?,
                );
            }
        }
        operations.sort_by(|a, b| a.id.cmp(&b.id));
        {
            for (model, definition) in swagger
                .get("definitions")
                .map(Json::members)
                .unwrap_or_default()
            {
                match definitions.get_mut(model) {
                    Some((earlier, _)) if earlier != definition => {
                        return Err(format!(
                            "{file}: definition {model} differs from another group's"
                        ));
                    }
                    Some((_, declared_by)) => declared_by.push(name.clone()),
                    None => {
                        definitions.insert(model.clone(), (definition.clone(), vec![name.clone()]));
                    }
                }
            }
        }
        for op in &mut operations {
            if op.paging.is_some() {
                let place = format!("{file}: {}", op.id);
                op.paged_item = Some(
                    listing_item(&swagger, op.response.as_deref())
                        .map_err(|e| format!("{place}: {e}"))?,
                );
            }
        }
        groups.push(Group {
            name: name.clone(),
            title: group.text("title").to_owned(),
            generated: group.flag("generated"),
            operations,
        });
    }
    reserve_sibling_segments(&mut groups);
    Ok(Spec {
        groups,
        definitions,
        overrides,
    })
}

/// Records, for each path parameter, the literal segments other templates of the same shape have in its place:
/// `/api/v2/tokens/{userId}` with the value `me` is `/api/v2/tokens/me`, another operation, which a router that
/// prefers literal segments (the platform's, the emulator's) would run instead.
fn reserve_sibling_segments(groups: &mut [Group]) {
    let templates: Vec<Vec<String>> = groups
        .iter()
        .flat_map(|g| &g.operations)
        .map(|op| op.path.split('/').map(str::to_owned).collect())
        .collect();
    let is_placeholder = |segment: &str| segment.starts_with('{');
    for op in groups.iter_mut().flat_map(|g| &mut g.operations) {
        let own: Vec<String> = op.path.split('/').map(str::to_owned).collect();
        for param in &mut op.path_params {
            let placeholder = format!("{{{}}}", param.name);
            let Some(index) = own.iter().position(|s| *s == placeholder) else {
                continue;
            };
            for other in &templates {
                let same_shape = other.len() == own.len()
                    && other.iter().zip(&own).enumerate().all(|(i, (a, b))| {
                        i == index || a == b || is_placeholder(a) || is_placeholder(b)
                    });
                let literal = &other[index.min(other.len().saturating_sub(1))];
                if same_shape && !is_placeholder(literal) && !param.reserved.contains(literal) {
                    param.reserved.push(literal.clone());
                }
            }
            param.reserved.sort();
        }
    }
}

fn operation(
    path: &str,
    method: &str,
    op: &Json,
    extra: &Json,
    enums: Option<&Json>,
) -> Result<Operation, String> {
    let id = op.text("operationId").to_owned();
    if id.is_empty() {
        return Err("no operationId".to_owned());
    }
    let permissions = match op.get("x-inin-requires-permissions") {
        None => Vec::new(),
        Some(required) => {
            // Every operation of these groups needs any one of its permissions; an ALL list would need the
            // `Operation` trait to say so, so it is refused until one appears.
            if required.text("type") != "ANY" {
                return Err(format!(
                    "permission type `{}` is not supported",
                    required.text("type")
                ));
            }
            strings(required.get("permissions"))
        }
    };
    let param_extra = extra.get("params");
    let mut path_params = Vec::new();
    let mut query_params = Vec::new();
    let mut header_params = Vec::new();
    let mut body = None;
    for param in op.get("parameters").map(Json::as_array).unwrap_or_default() {
        let name = param.text("name");
        let override_of = param_extra.and_then(|p| p.get(name));
        match param.text("in") {
            "body" => {
                let model =
                    reference(param.get("schema")).ok_or("a body that is not a $ref to a model")?;
                let rust_name = override_of
                    .map(|o| o.text("rustName"))
                    .filter(|n| !n.is_empty())
                    .unwrap_or("body");
                body = Some(Body {
                    rust_name: rust_name.to_owned(),
                    model,
                });
            }
            kind => {
                let parsed = parameter(&id, param, override_of, enums)
                    .map_err(|e| format!("parameter `{name}`: {e}"))?;
                match kind {
                    "path" => path_params.push(parsed),
                    "query" => query_params.push(parsed),
                    "header" => header_params.push(parsed),
                    other => {
                        return Err(format!("parameter `{name}` in `{other}` is not supported"));
                    }
                }
            }
        }
    }
    // Path parameters in the order of the URL, which is the order of the methods' positional arguments.
    path_params.sort_by_key(|p| path.find(&format!("{{{}}}", p.name)));
    // Core fills and the emulator matches whole segments only: `/files/{name}.json` would never be routed.
    if let Some(segment) = path.split('/').find(|segment| {
        segment.contains(['{', '}']) && !(segment.starts_with('{') && segment.ends_with('}'))
    }) {
        return Err(format!(
            "the path segment `{segment}` mixes a placeholder with text"
        ));
    }
    for placeholder in path.split('{').skip(1) {
        let name = placeholder.split('}').next().unwrap_or_default();
        if !path_params.iter().any(|p| p.name == name) {
            return Err(format!(
                "the path's `{{{name}}}` is not a declared parameter"
            ));
        }
    }
    let response = success_model(op)?;
    let idempotent = extra
        .get("idempotent")
        .and_then(Json::as_bool)
        .ok_or("overrides.json: `idempotent` missing")?;
    let paging = extra
        .get("paging")
        .and_then(Json::as_str)
        .map(str::to_owned);
    let retry_answer_means_done = extra
        .get("retryAnswerMeansDone")
        .map(Json::as_array)
        .unwrap_or_default()
        .iter()
        .map(|status| match status {
            Json::Number(n) => n
                .as_u64()
                .and_then(|n| u16::try_from(n).ok())
                .ok_or("a status"),
            _ => Err("a status"),
        })
        .collect::<Result<Vec<u16>, _>>()?;
    let doc = match extra.text("doc") {
        "" => names::spec_text(op.text("summary")),
        doc => doc.to_owned(),
    };
    Ok(Operation {
        type_name: names::upper_camel(&id),
        method_name: names::snake(&id),
        id,
        method: method.to_uppercase(),
        path: path.to_owned(),
        doc,
        client_doc: extra
            .get("clientDoc")
            .and_then(Json::as_str)
            .map(str::to_owned),
        permissions,
        path_params,
        query_params,
        header_params,
        body,
        response,
        idempotent,
        paging,
        paged_item: None,
        retry_answer_means_done,
        revokes_token: extra.flag("revokesToken"),
        // A revocation is about its own token by definition.
        about_own_token: extra.flag("aboutOwnToken") || extra.flag("revokesToken"),
    })
}

/// The parameter types the generator writes besides open enums: a query value is sent as its `Display` text.
const PARAM_TYPES: &[&str] = &["String", "bool", "i32", "i64", "u32"];

fn parameter(
    op_id: &str,
    param: &Json,
    extra: Option<&Json>,
    enums: Option<&Json>,
) -> Result<Param, String> {
    let name = param.text("name");
    let array = param.text("type") == "array";
    // The value schema: the items of an array, else the parameter itself.
    let (value, place) = if array {
        // Only repeated keys are generated: `csv` and the like would join values that may hold commas.
        if param.text("in") != "query" || param.text("collectionFormat") != "multi" {
            return Err(format!(
                "an array parameter in `{}` with collectionFormat `{}` (only `multi` query arrays are generated)",
                param.text("in"),
                param.text("collectionFormat")
            ));
        }
        let items = param.get("items").ok_or("an array without items")?;
        (items, format!("{op_id}.{name}[]"))
    } else {
        (param, format!("{op_id}.{name}"))
    };
    let enum_type = match value.get("enum") {
        Some(values) if value.text("type") == "string" => Some(param_enum(&place, values, enums)?),
        _ => None,
    };
    let rust_type = match (
        extra.map(|e| e.text("rustType")).filter(|t| !t.is_empty()),
        &enum_type,
    ) {
        // The enum's values would be sent through `as_str`, which another type does not have.
        (Some(rust_type), Some(enum_type)) => {
            return Err(format!(
                "rustType `{rust_type}` on a parameter whose values are enum {enum_type}"
            ));
        }
        (Some(rust_type), None) => rust_type.to_owned(),
        (None, Some(enum_type)) => enum_type.clone(),
        (None, None) => match (value.text("type"), value.text("format")) {
            ("string", _) => "String".to_owned(),
            ("integer", "int32") => "i32".to_owned(),
            ("integer", "int64") => "i64".to_owned(),
            ("boolean", _) => "bool".to_owned(),
            (kind, format) => {
                return Err(format!(
                    "type `{kind}` (format `{format}`) needs a rustType override"
                ));
            }
        },
    };
    if enum_type.is_none() && !PARAM_TYPES.contains(&rust_type.as_str()) {
        return Err(format!(
            "rustType `{rust_type}` is not one of {PARAM_TYPES:?}"
        ));
    }
    match param.text("in") {
        "path" if rust_type != "String" || array => {
            return Err("a path parameter that is not a string".to_owned());
        }
        // The request builder sends this one header; another would be stored and never sent.
        "header" if !name.eq_ignore_ascii_case("Accept-Language") || array => {
            return Err(
                "header parameters other than Accept-Language are not generated yet".to_owned(),
            );
        }
        _ => {}
    }
    let default = match param.get("default") {
        Some(Json::String(text)) => Some(text.clone()),
        Some(Json::Number(number)) => Some(number.to_string()),
        Some(Json::Bool(value)) => Some(value.to_string()),
        _ => None,
    };
    Ok(Param {
        name: name.to_owned(),
        rust_name: names::ident(names::snake(name)),
        description: names::spec_text(param.text("description")),
        rust_type,
        is_enum: enum_type.is_some(),
        array,
        reserved: Vec::new(),
        default,
    })
}

/// The open enum of the overrides whose `usedBy` names `place` (`getAuthorizationRole.expand[]`), with the
/// swagger's values.
fn param_enum(place: &str, values: &Json, enums: Option<&Json>) -> Result<String, String> {
    let swagger_values = strings(Some(values));
    for (name, def) in enums.map(Json::members).unwrap_or_default() {
        if strings(def.get("usedBy")).iter().any(|u| u == place) {
            let listed = strings(def.get("values"));
            if listed != swagger_values {
                return Err(format!(
                    "the swagger's values {swagger_values:?} differ from enum {name}'s {listed:?} in overrides.json"
                ));
            }
            return Ok(name.clone());
        }
    }
    Err(format!(
        "an enum parameter that no enum of overrides.json lists in `usedBy` as `{place}`"
    ))
}

/// The entity model of listing `model`: it must have the fields paging reads (`entities` as an array of a
/// model, `nextUri`, `pageNumber`, `pageCount`, `pageSize`), or paging would be generated against nothing.
fn listing_item(swagger: &Json, model: Option<&str>) -> Result<String, String> {
    let model = model.ok_or("a paged operation without a response model")?;
    let properties = swagger
        .get("definitions")
        .and_then(|d| d.get(model))
        .and_then(|d| d.get("properties"))
        .ok_or_else(|| format!("the listing {model} is not defined"))?;
    for (key, kind) in [
        ("nextUri", "string"),
        ("pageNumber", "integer"),
        ("pageCount", "integer"),
        ("pageSize", "integer"),
    ] {
        if properties.get(key).map(|p| p.text("type")) != Some(kind) {
            return Err(format!("the listing {model} has no {kind} `{key}`"));
        }
    }
    properties
        .get("entities")
        .filter(|e| e.text("type") == "array")
        .and_then(|e| reference(e.get("items")))
        .ok_or_else(|| format!("the listing {model} has no `entities` array of a model"))
}

/// The model of the 2xx response, `None` when it has no body.
fn success_model(op: &Json) -> Result<Option<String>, String> {
    let responses = op.get("responses").ok_or("no responses")?;
    let success: Vec<&(String, Json)> = responses
        .members()
        .iter()
        .filter(|(status, _)| status.starts_with('2'))
        .collect();
    match success.as_slice() {
        [(_, response)] => match response.get("schema") {
            None => Ok(None),
            Some(schema) => reference(Some(schema))
                .map(Some)
                .ok_or_else(|| "a success schema that is not a $ref to a model".to_owned()),
        },
        _ => Err("not exactly one 2xx response".to_owned()),
    }
}

/// `Model` from `{"$ref": "#/definitions/Model"}`.
fn reference(schema: Option<&Json>) -> Option<String> {
    schema?
        .text("$ref")
        .strip_prefix("#/definitions/")
        .map(str::to_owned)
}

fn strings(value: Option<&Json>) -> Vec<String> {
    value
        .map(Json::as_array)
        .unwrap_or_default()
        .iter()
        .filter_map(Json::as_str)
        .map(str::to_owned)
        .collect()
}
