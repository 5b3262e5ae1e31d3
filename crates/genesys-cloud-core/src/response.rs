//! Response reading shared by the operations: status check, JSON decoding with the failing path.

use bytes::Bytes;
use serde::de::DeserializeOwned;

use crate::error::{ApiError, DecodeError, ResponseError};

/// Decodes a 2xx JSON body into `T`; any other status is an [`ApiError`].
///
/// Decoding runs straight from the text; only when it fails is the body parsed again to find the JSON path of
/// the failure, so the success path pays nothing for good error messages.
pub fn json<T: DeserializeOwned>(response: http::Response<Bytes>) -> Result<T, ResponseError> {
    if !response.status().is_success() {
        return Err(ResponseError::Api(Box::new(ApiError::from_response(
            response,
        ))));
    }
    // A body that is UTF-8 as a whole (any JSON the API sends) is read as `str`: serde_json then skips the
    // UTF-8 check of every string it reads, which cost a sixth of a client's parse (perf, issue 15), for one
    // check of the whole body that runs at memory speed. Any other body is read by the path-finding parse
    // itself, which also returns the value when there is one: each model's deserializer is compiled twice
    // (for `str` and for the path-finding reader), not three times (issue 15).
    if let Ok(text) = core::str::from_utf8(response.body()) {
        if let Ok(value) = serde_json::from_str::<T>(text) {
            return Ok(value);
        }
    }
    let (parts, body) = response.into_parts();
    let mut deserializer = serde_json::Deserializer::from_slice(&body);
    let (path, message) = match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Ok(value) => match deserializer.end() {
            Ok(()) => return Ok(value),
            Err(error) => (".".to_owned(), error.to_string()),
        },
        Err(error) => (error.path().to_string(), error.into_inner().to_string()),
    };
    let message = if body.is_empty() {
        "the body is empty".to_owned()
    } else {
        message
    };
    Err(ResponseError::Decode(Box::new(DecodeError::new(
        parts, body, path, message,
    ))))
}

/// Accepts any 2xx with whatever body; any other status is an [`ApiError`].
pub fn empty(response: http::Response<Bytes>) -> Result<(), ResponseError> {
    if response.status().is_success() {
        Ok(())
    } else {
        Err(ResponseError::Api(Box::new(ApiError::from_response(
            response,
        ))))
    }
}
