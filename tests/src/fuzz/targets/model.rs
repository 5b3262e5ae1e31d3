//! Every model's deserializer (the 18 models, the token endpoint's two bodies, `Timestamp` and the open enums) over
//! arbitrary bytes. Whatever parses must write JSON that parses again and writes the same bytes (a fixpoint), must
//! keep an open enum's string unchanged, and must not show a secret in `Debug`.
//!
//! Input: model selector, then the JSON body.

use genesys_cloud_core::token::{OAuthErrorResponse, TokenResponse};
use genesys_cloud_models::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{Secrets, debug_leak};
use crate::fuzz::normalize;

/// The types the selector chooses from, by name; the fixture of a model has the same name.
pub(crate) const TYPES: &[&str] = &[
    "OAuthClient",
    "OAuthClientRequest",
    "OAuthClientEntityListing",
    "OAuthClientListing",
    "OAuthAuthorization",
    "OAuthAuthorizationListing",
    "OAuthScope",
    "OAuthScopeListing",
    "ApiUsageClientQuery",
    "ApiUsageQueryResult",
    "ApiUsageRow",
    "Cursors",
    "UsageExecutionResult",
    "ErrorBody",
    "Detail",
    "Limit",
    "DomainEntityRef",
    "RoleDivision",
    "TokenResponse",
    "OAuthErrorResponse",
    "Timestamp",
    "GrantType",
    "ClientState",
    "AuthorizationState",
    "Granularity",
    "UsageMetric",
    "UsageGroupBy",
    "QueryStatus",
    "LimitNamespace",
];

/// The index of a type in [`TYPES`], for seeds.
pub(crate) fn selector(name: &str) -> Option<u8> {
    TYPES
        .iter()
        .position(|known| *known == name)
        .map(|index| index as u8)
}

pub(crate) fn run(data: &[u8]) -> Result<String, String> {
    let Some((selector, body)) = data.split_first() else {
        return Ok("empty".to_owned());
    };
    let index = usize::from(*selector) % TYPES.len();
    let name = TYPES[index];
    match index {
        0 => fixpoint::<OAuthClient>(name, body),
        1 => fixpoint::<OAuthClientRequest>(name, body),
        2 => fixpoint::<OAuthClientEntityListing>(name, body),
        3 => fixpoint::<OAuthClientListing>(name, body),
        4 => fixpoint::<OAuthAuthorization>(name, body),
        5 => fixpoint::<OAuthAuthorizationListing>(name, body),
        6 => fixpoint::<OAuthScope>(name, body),
        7 => fixpoint::<OAuthScopeListing>(name, body),
        8 => fixpoint::<ApiUsageClientQuery>(name, body),
        9 => fixpoint::<ApiUsageQueryResult>(name, body),
        10 => fixpoint::<ApiUsageRow>(name, body),
        11 => fixpoint::<Cursors>(name, body),
        12 => fixpoint::<UsageExecutionResult>(name, body),
        13 => fixpoint::<ErrorBody>(name, body),
        14 => fixpoint::<Detail>(name, body),
        15 => fixpoint::<Limit>(name, body),
        16 => fixpoint::<DomainEntityRef>(name, body),
        17 => fixpoint::<RoleDivision>(name, body),
        18 => parse_only::<TokenResponse>(name, body),
        19 => fixpoint::<OAuthErrorResponse>(name, body),
        20 => fixpoint::<Timestamp>(name, body),
        21 => open_enum::<GrantType>(name, body),
        22 => open_enum::<ClientState>(name, body),
        23 => open_enum::<AuthorizationState>(name, body),
        24 => open_enum::<Granularity>(name, body),
        25 => open_enum::<UsageMetric>(name, body),
        26 => open_enum::<UsageGroupBy>(name, body),
        27 => open_enum::<QueryStatus>(name, body),
        _ => open_enum::<LimitNamespace>(name, body),
    }
}

/// Parses; `Err(signature)` when the body is refused (which is fine), after checking `Debug` hides secrets.
fn parse<T: DeserializeOwned + Secrets>(
    name: &str,
    body: &[u8],
) -> Result<T, Result<String, String>> {
    match serde_json::from_slice::<T>(body) {
        Ok(value) => {
            debug_leak(&format!("{name} Debug"), &value).map_err(Err)?;
            Ok(value)
        }
        Err(error) => Err(Ok(format!(
            "{name}:err:{:?}:{}",
            error.classify(),
            normalize(&error.to_string())
        ))),
    }
}

fn parse_only<T: DeserializeOwned + Secrets>(name: &str, body: &[u8]) -> Result<String, String> {
    match parse::<T>(name, body) {
        Ok(_) => Ok(format!("{name}:ok")),
        Err(signature) => signature,
    }
}

/// Parse, write, parse, write: the two writes must be identical.
fn fixpoint<T: DeserializeOwned + Serialize + Secrets>(
    name: &str,
    body: &[u8],
) -> Result<String, String> {
    let value = match parse::<T>(name, body) {
        Ok(value) => value,
        Err(signature) => return signature,
    };
    let first = serde_json::to_vec(&value)
        .map_err(|error| format!("{name}: parsed but cannot be written: {error}"))?;
    let again: T = serde_json::from_slice(&first).map_err(|error| {
        format!(
            "{name}: its own output does not parse ({error}): {}",
            String::from_utf8_lossy(&first)
        )
    })?;
    let second = serde_json::to_vec(&again)
        .map_err(|error| format!("{name}: a re-parsed value cannot be written: {error}"))?;
    if first != second {
        return Err(format!(
            "{name}: writing is not stable:\n  first  {}\n  second {}",
            String::from_utf8_lossy(&first),
            String::from_utf8_lossy(&second)
        ));
    }
    Ok(format!("{name}:ok"))
}

/// An open enum keeps any string exactly, known or not.
fn open_enum<T: DeserializeOwned + Serialize + Secrets + AsRef<str>>(
    name: &str,
    body: &[u8],
) -> Result<String, String> {
    let value = match parse::<T>(name, body) {
        Ok(value) => value,
        Err(signature) => return signature,
    };
    let original: String = serde_json::from_slice(body)
        .map_err(|error| format!("{name}: parsed, but the body is not a string: {error}"))?;
    if value.as_ref() != original {
        return Err(format!(
            "{name}: {original:?} came back as {:?}",
            value.as_ref()
        ));
    }
    let written = serde_json::to_value(&value).map_err(|error| error.to_string())?;
    if written != serde_json::Value::String(original) {
        return Err(format!("{name}: written as {written}"));
    }
    fixpoint::<T>(name, body)
}
