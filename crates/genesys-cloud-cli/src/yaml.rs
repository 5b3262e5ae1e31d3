//! YAML in and out: the API's JSON body shown as YAML with its keys in the API's order, and YAML request bodies
//! turned into the JSON document they stand for, with a bound on what aliases may expand to.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

/// The most values (scalars, sequences and mappings, each alias expansion counted again) a YAML body may hold.
/// A request body has a few dozen; the bound stops an alias bomb before it takes the machine's memory, which the
/// YAML crate's own bound (alias jumps up to 100 times the number of events) would allow for an 8 MiB input.
pub(crate) const MAX_YAML_VALUES: usize = 100_000;

/// The largest YAML body. The YAML parser reads a whole document into events before its depth limit (128
/// levels) applies, at some microseconds per event; a request body in YAML is a few hundred bytes, and 1 MiB
/// keeps the worst case (half a million nested brackets) to seconds rather than the minutes of 8 MiB.
pub(crate) const MAX_YAML_BODY: usize = 1024 * 1024;

/// A JSON document that keeps its keys in order (serde_json's `Value` sorts them unless `preserve_order`, a
/// workspace-wide switch, is on).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Ordered {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as serde_json holds it.
    Number(serde_json::Number),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Ordered>),
    /// An object: its members in the order written.
    Object(Vec<(String, Ordered)>),
}

impl Serialize for Ordered {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Null => serializer.serialize_unit(),
            Self::Bool(value) => serializer.serialize_bool(*value),
            Self::Number(number) => number.serialize(serializer),
            Self::String(text) => serializer.serialize_str(text),
            Self::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Self::Object(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

/// Reads one [`Ordered`] value, counting every value against a shared budget.
#[derive(Clone, Copy)]
struct Budgeted<'a> {
    left: &'a Cell<usize>,
}

impl Budgeted<'_> {
    fn spend<E: de::Error>(&self) -> Result<(), E> {
        match self.left.get().checked_sub(1) {
            Some(left) => {
                self.left.set(left);
                Ok(())
            }
            None => Err(E::custom(format_args!(
                "more than {MAX_YAML_VALUES} values (aliases included): too large for a request body"
            ))),
        }
    }
}

impl<'de> DeserializeSeed<'de> for Budgeted<'_> {
    type Value = Ordered;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Ordered, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Budgeted<'_> {
    type Value = Ordered;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON-compatible value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Ordered, E> {
        self.spend()?;
        Ok(Ordered::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Ordered, E> {
        self.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Ordered, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Ordered, E> {
        self.spend()?;
        Ok(Ordered::Bool(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Ordered, E> {
        self.spend()?;
        Ok(Ordered::Number(value.into()))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Ordered, E> {
        self.spend()?;
        Ok(Ordered::Number(value.into()))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Ordered, E> {
        self.spend()?;
        // JSON has no NaN or infinity (YAML's .nan and .inf).
        serde_json::Number::from_f64(value)
            .map(Ordered::Number)
            .ok_or_else(|| E::custom(format_args!("{value} is not a JSON number")))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Ordered, E> {
        self.spend()?;
        Ok(Ordered::String(value.to_owned()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Ordered, A::Error> {
        self.spend()?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Ordered::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered, A::Error> {
        self.spend()?;
        let mut entries: Vec<(String, Ordered)> = Vec::new();
        while let Some(key) = map.next_key_seed(self)? {
            // JSON keys are strings: YAML's `1: x` or `[a]: x` have no JSON form.
            let Ordered::String(key) = key else {
                return Err(de::Error::custom("a mapping key that is not a string"));
            };
            let value = map.next_value_seed(self)?;
            // As JSON parsers do, the last of repeated keys wins, in the place of the first.
            match entries.iter_mut().find(|(known, _)| *known == key) {
                Some(entry) => entry.1 = value,
                None => entries.push((key, value)),
            }
        }
        Ok(Ordered::Object(entries))
    }
}

/// Reads `json` (a JSON document) keeping its keys in order.
pub(crate) fn from_json(json: &[u8]) -> Result<Ordered, serde_json::Error> {
    // Answers are bounded by the executor's body cap, not by this budget.
    let left = Cell::new(usize::MAX);
    let mut deserializer = serde_json::Deserializer::from_slice(json);
    let value = Budgeted { left: &left }.deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(value)
}

/// `value` as a YAML document (no leading `---`, ending with a newline).
pub(crate) fn to_yaml(value: &Ordered) -> Result<String, yaml_serde::Error> {
    yaml_serde::to_string(value)
}

/// The deepest nesting the YAML crate accepts.
const MAX_DEPTH: usize = 128;

/// Whether `yaml` opens more than [`MAX_DEPTH`] flow collections (`[`, `{`) at once, outside quotes and comments.
/// The parser would reject it too, but only after reading every event, which takes seconds for deep flow nesting;
/// this scan takes microseconds. It may count a bracket of a plain scalar (`a: x[`), so it only errs towards
/// letting the parser decide.
fn flow_too_deep(yaml: &[u8]) -> bool {
    let (mut depth, mut quote, mut comment, mut previous) = (0usize, None, false, b'\n');
    for &byte in yaml {
        match (quote, byte) {
            (_, b'\n') if comment => comment = false,
            _ if comment => {}
            (Some(b'"'), b'"') if previous != b'\\' => quote = None,
            (Some(b'\''), b'\'') => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(byte),
            (None, b'#') if previous.is_ascii_whitespace() => comment = true,
            (None, b'[' | b'{') => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return true;
                }
            }
            (None, b']' | b'}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        previous = byte;
    }
    false
}

/// The JSON document a YAML text stands for, or why it has none. A text holding several documents is refused.
pub(crate) fn from_yaml(yaml: &[u8]) -> Result<Ordered, String> {
    if yaml.len() > MAX_YAML_BODY {
        return Err(format!(
            "{} bytes, more than the {} MiB a YAML body may be",
            yaml.len(),
            MAX_YAML_BODY / (1024 * 1024)
        ));
    }
    if flow_too_deep(yaml) {
        return Err(format!("nested more than {MAX_DEPTH} levels deep"));
    }
    let left = Cell::new(MAX_YAML_VALUES);
    let deserializer = yaml_serde::Deserializer::from_slice(yaml);
    Budgeted { left: &left }
        .deserialize(deserializer)
        .map_err(|error| error.to_string())
}

/// `value` as compact JSON text.
pub(crate) fn to_json(value: &Ordered) -> Vec<u8> {
    // Serializing strings, finite numbers, sequences and string-keyed maps to memory cannot fail.
    serde_json::to_vec(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_to_yaml_keeps_key_order_and_every_field() {
        let json = br#"{"zeta":1,"alpha":{"b":[true,null,"x"],"a":2.5},"name":"123","empty":[]}"#;
        let yaml = to_yaml(&from_json(json).unwrap()).unwrap();
        assert_eq!(
            yaml,
            "zeta: 1\nalpha:\n  b:\n  - true\n  - null\n  - x\n  a: 2.5\nname: '123'\nempty: []\n"
        );
        // And back: the same document, in the same order.
        assert_eq!(to_json(&from_yaml(yaml.as_bytes()).unwrap()), json.to_vec());
    }

    #[test]
    fn yaml_without_a_json_form_is_refused() {
        for bad in [
            &b"1: x\n"[..],
            b"a: .nan\n",
            b"a: [\n",
            b"---\na: 1\n---\nb: 2\n",
        ] {
            assert!(from_yaml(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn deep_nesting_is_refused_not_a_stack_overflow() {
        let deep = format!("{}{}", "[".repeat(500_000), "]".repeat(500_000));
        let started = std::time::Instant::now();
        assert!(
            from_yaml(deep.as_bytes())
                .unwrap_err()
                .contains("nested more than 128")
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
        // Brackets in quotes and comments are not nesting; 100 levels are fine.
        let quoted = format!(
            "a: '{0}'\nb: \"{0}\" # {0}\nc: {1}1{2}\n",
            "[".repeat(200),
            "[".repeat(100),
            "]".repeat(100)
        );
        assert!(!flow_too_deep(quoted.as_bytes()));
        assert!(from_yaml(quoted.as_bytes()).is_ok());
        let large = format!("a: '{}'", "x".repeat(MAX_YAML_BODY));
        assert!(from_yaml(large.as_bytes()).unwrap_err().contains("1 MiB"));
        let deep = "- ".repeat(10_000) + "x\n";
        assert!(from_yaml(deep.as_bytes()).is_err());
        assert!(from_json(deep.as_bytes()).is_err());
    }

    #[test]
    fn an_alias_bomb_stops_at_the_budget() {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let mut previous = 'a';
        for name in 'b'..='k' {
            bomb.push_str(&format!(
                "{name}: &{name} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, \
                 *{previous}, *{previous}, *{previous}, *{previous}]\n"
            ));
            previous = name;
        }
        let started = std::time::Instant::now();
        let error = from_yaml(bomb.as_bytes()).unwrap_err();
        assert!(
            error.contains("too large") || error.contains("repetition limit"),
            "{error}"
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }
}
