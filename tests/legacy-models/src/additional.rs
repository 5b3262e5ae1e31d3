//! Writing the `additional_fields` of the models that keep unknown JSON fields.

use serde::ser::{Error, SerializeMap};
use serde_json::{Map, Value};

/// Writes `fields` as entries of the enclosing object, refusing a key the model already writes.
///
/// Why: deserialization never puts a modelled key there, but code can (`with_additional_field("name", …)`),
/// and writing it as well gives `{"name":"a",…,"name":"b"}`: a document that does not read back into the
/// type, and whose meaning is the server's choice. Failing (a build error for a request) names the key.
pub(crate) fn write<S: serde::Serializer>(
    fields: &Map<String, Value>,
    serializer: S,
    modelled: &[&str],
) -> Result<S::Ok, S::Error> {
    if let Some(key) = fields.keys().find(|key| modelled.contains(&key.as_str())) {
        return Err(S::Error::custom(format!(
            "the additional field `{key}` is a field of the model: set the field instead"
        )));
    }
    let mut map = serializer.serialize_map(Some(fields.len()))?;
    for (key, value) in fields {
        map.serialize_entry(key, value)?;
    }
    map.end()
}
