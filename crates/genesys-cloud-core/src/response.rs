//! Response reading shared by the operations: status check, JSON decoding with the failing path.

use bytes::Bytes;
use serde::de::DeserializeOwned;

use crate::error::{ApiError, DecodeError, ResponseError};

/// Decodes a 2xx JSON body into `T`; any other status is an [`ApiError`].
///
/// Decoding runs straight from the bytes; only when it fails is the body parsed again to find the JSON path of
/// the failure, so the success path pays nothing for good error messages.
pub fn json<T: DeserializeOwned>(response: http::Response<Bytes>) -> Result<T, ResponseError> {
    if !response.status().is_success() {
        return Err(ResponseError::Api(Box::new(ApiError::from_response(
            response,
        ))));
    }
    // A body that is UTF-8 as a whole (any JSON the API sends) is read as `str`: serde_json then skips the
    // UTF-8 check of every string it reads, which cost a sixth of a client's parse (perf, issue 15), for one
    // check of the whole body that runs at memory speed. Other bodies fail as before, from the bytes.
    let parsed = match core::str::from_utf8(response.body()) {
        Ok(text) => serde_json::from_str::<T>(text),
        Err(_) => serde_json::from_slice::<T>(response.body()),
    };
    match parsed {
        Ok(value) => Ok(value),
        Err(_) => {
            let (parts, body) = response.into_parts();
            let mut deserializer = serde_json::Deserializer::from_slice(&body);
            let (path, message) = match serde_path_to_error::deserialize::<_, T>(&mut deserializer)
            {
                Err(error) => (error.path().to_string(), error.into_inner().to_string()),
                // The first parse failed, so this one should too; if not, the trailing input was the problem.
                Ok(_) => (
                    ".".to_owned(),
                    "unexpected data after the JSON value".to_owned(),
                ),
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
    }
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
