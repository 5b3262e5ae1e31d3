//! `Deserialize` for the models that keep unknown JSON fields in `additional_fields`.
//!
//! Why not `#[serde(flatten)]`: the derive buffers every unknown entry as serde's private `Content` and replays it
//! through a second deserializer into the map. The visitor written by [`deserialize_keeping_unknown`] matches
//! each key once, reads a known field straight into its slot and an unknown one straight into a
//! `serde_json::Value`. On a body without unknown fields the two cost the same (BENCHMARKS.md, issue 15: the
//! derive reads known fields directly too); only bodies with unknown fields skip a buffering step (not measured).
//! Its behaviour is the derive's: the same `expecting` text, the same `missing field` and `duplicate field`
//! errors at the same positions, `null` for an optional field is `None`, a repeated unknown key keeps its last
//! value (tests/tests/keep_unknown_differential.rs in the workspace compares the two on many inputs).

use std::fmt;

use serde::de::{self, Deserializer, Visitor};

/// A map key as the deserializer gives it: borrowed from the input when it can be (no allocation for the keys
/// the model knows), owned otherwise.
pub(crate) enum Key<'de> {
    /// A key borrowed from the input (serde_json: a key without escapes, read from a slice or a str).
    Borrowed(&'de str),
    /// A key the deserializer could not lend (escaped, read from a reader, or from a `Value`).
    Owned(String),
}

impl Key<'_> {
    /// The key's text, to match against the model's field names.
    pub(crate) fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(key) => key,
            Key::Owned(key) => key,
        }
    }

    /// The key as the `String` the map of unknown fields stores.
    pub(crate) fn into_string(self) -> String {
        match self {
            Key::Borrowed(key) => key.to_owned(),
            Key::Owned(key) => key,
        }
    }
}

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

/// Reads a [`Key`]; only text keys exist in JSON.
struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("field identifier")
    }

    fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Self::Value, E> {
        Ok(Key::Borrowed(key))
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(Key::Owned(key.to_owned()))
    }

    fn visit_string<E: de::Error>(self, key: String) -> Result<Self::Value, E> {
        Ok(Key::Owned(key))
    }

    fn visit_borrowed_bytes<E: de::Error>(self, key: &'de [u8]) -> Result<Self::Value, E> {
        match std::str::from_utf8(key) {
            Ok(key) => Ok(Key::Borrowed(key)),
            Err(_) => Err(E::invalid_value(de::Unexpected::Bytes(key), &self)),
        }
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<Self::Value, E> {
        match std::str::from_utf8(key) {
            Ok(key) => Ok(Key::Owned(key.to_owned())),
            Err(_) => Err(E::invalid_value(de::Unexpected::Bytes(key), &self)),
        }
    }
}

/// The value of a required field at the end of the map, or serde's `missing field` error.
pub(crate) fn required<T, E: de::Error>(slot: Option<T>, key: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(key))
}

/// The value of an optional field at the end of the map: absent and `null` are both `None`.
pub(crate) fn optional<T>(slot: Option<Option<T>>) -> Option<T> {
    slot.flatten()
}

/// Implements `Deserialize` for a struct whose unknown keys go to its `additional_fields` map.
///
/// Each entry names the JSON key, the field and whether the field is `required` (missing is an error) or
/// `optional` (an `Option`, `None` when missing). The types come from the struct's own fields.
macro_rules! deserialize_keeping_unknown {
    ($ty:ident { $($key:literal => $field:ident $kind:ident),+ $(,)? }) => {
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                /// Visits the JSON object of the model.
                struct ModelVisitor;

                impl<'de> serde::de::Visitor<'de> for ModelVisitor {
                    type Value = $ty;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        formatter.write_str(concat!("struct ", stringify!($ty)))
                    }

                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$ty, A::Error> {
                        $(let mut $field = None;)+
                        let mut additional_fields = serde_json::Map::new();
                        while let Some(key) = map.next_key::<$crate::keep_unknown::Key<'de>>()? {
                            match key.as_str() {
                                $($key => {
                                    if $field.is_some() {
                                        return Err(<A::Error as serde::de::Error>::duplicate_field($key));
                                    }
                                    $field = Some(map.next_value()?);
                                })+
                                _ => {
                                    let value: serde_json::Value = map.next_value()?;
                                    additional_fields.insert(key.into_string(), value);
                                }
                            }
                        }
                        Ok($ty {
                            $($field: deserialize_keeping_unknown!(@finish $kind $field $key),)+
                            additional_fields,
                        })
                    }
                }

                // A map, not a struct: like the derive with `flatten`, which reads no JSON array as the model.
                deserializer.deserialize_map(ModelVisitor)
            }
        }
    };
    (@finish required $field:ident $key:literal) => {
        $crate::keep_unknown::required($field, $key)?
    };
    (@finish optional $field:ident $key:literal) => {
        $crate::keep_unknown::optional($field)
    };
}

pub(crate) use deserialize_keeping_unknown;
