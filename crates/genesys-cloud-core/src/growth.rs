//! Checks, run as doctests, that the public structs which may gain fields cannot be built by literal outside
//! this crate (`#[non_exhaustive]`), so adding a field later breaks no caller. Each example is otherwise valid
//! code (the last example builds the same values the supported way), so its only error is the one named, E0639
//! "cannot create non-exhaustive struct" (stable rustdoc does not check the code, nightly does).
//!
//! ```compile_fail,E0639
//! use genesys_cloud_core::{ApiError, ApiErrorBody, bytes::Bytes, http};
//! let _ = ApiError {
//!     status: http::StatusCode::NOT_FOUND,
//!     headers: http::HeaderMap::new(),
//!     retry_after: None,
//!     body: ApiErrorBody::NotJson,
//!     raw_body: Bytes::new(),
//! };
//! ```
//!
//! ```compile_fail,E0639
//! use genesys_cloud_core::{DecodeError, bytes::Bytes, http};
//! let _ = DecodeError {
//!     status: http::StatusCode::OK,
//!     headers: http::HeaderMap::new(),
//!     raw_body: Bytes::new(),
//!     path: ".".to_owned(),
//!     message: "m".to_owned(),
//! };
//! ```
//!
//! ```compile_fail,E0423
//! // A tuple struct: its constructor is not visible outside the crate, which is E0423 rather than E0639.
//! let _ = genesys_cloud_core::UnknownRegion("mars".to_owned());
//! ```
//!
//! ```compile_fail,E0639
//! let _ = genesys_cloud_core::retry::Attempts { made: 1, elapsed: std::time::Duration::ZERO };
//! ```
//!
//! The same values through what the crate offers instead:
//!
//! ```
//! use genesys_cloud_core::retry::Attempts;
//! use genesys_cloud_core::{ApiError, Region, bytes::Bytes, http};
//! let response = http::Response::builder().status(404).body(Bytes::new())?;
//! assert_eq!(ApiError::from_response(response).status, http::StatusCode::NOT_FOUND);
//! assert_eq!("mars".parse::<Region>().unwrap_err().0, "mars");
//! assert_eq!(Attempts::new(1, std::time::Duration::ZERO).made, 1);
//! # Ok::<(), http::Error>(())
//! ```
