//! Differential checking of two deserializers of the same model: on a fixture, every field removed, nulled or
//! given a value of another type, unknown and repeated keys, escaped keys, truncations, random byte mutations and
//! the fuzz corpus, both must give the same model (compared as the exact bytes they write) or the same error text
//! (serde_json's message with its line and column) and the same serde_path_to_error path.

use std::path::Path;

use genesys_cloud_tests::fuzz;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// What one deserializer made of one input: the JSON the model writes (its bytes, so that key order counts), or the
/// error and its path.
fn outcome<T: DeserializeOwned + Serialize>(input: &[u8]) -> Result<String, (String, String)> {
    let mut deserializer = serde_json::Deserializer::from_slice(input);
    let model: T = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|error| (error.path().to_string(), error.inner().to_string()))?;
    deserializer
        .end()
        .map_err(|error| (String::new(), error.to_string()))?;
    Ok(serde_json::to_string(&model).expect("a parsed model writes"))
}

/// The same through `serde_json::from_value` (owned keys, no positions), when the input is JSON.
fn value_outcome<T: DeserializeOwned + Serialize>(value: &Value) -> Result<String, String> {
    serde_json::from_value::<T>(value.clone())
        .map(|model| serde_json::to_string(&model).expect("a parsed model writes"))
        .map_err(|error| error.to_string())
}

/// Fails with the input when the two deserializers disagree on it.
fn same<New, Old>(input: &[u8])
where
    New: DeserializeOwned + Serialize,
    Old: DeserializeOwned + Serialize,
{
    let new = outcome::<New>(input);
    let old = outcome::<Old>(input);
    assert_eq!(new, old, "on {:?}", String::from_utf8_lossy(input));
    if let Ok(value) = serde_json::from_slice::<Value>(input) {
        assert_eq!(
            value_outcome::<New>(&value),
            value_outcome::<Old>(&value),
            "from_value on {value}"
        );
    }
}

/// Inputs derived from one fixture document.
fn variants(document: &Map<String, Value>) -> Vec<Vec<u8>> {
    let text = |map: &Map<String, Value>| serde_json::to_vec(map).unwrap();
    let mut inputs = vec![text(document)];
    let others = [
        Value::Null,
        Value::from(1),
        Value::from(-1),
        Value::from(1.5),
        Value::from(u64::MAX),
        Value::from(true),
        Value::from("x"),
        Value::from("2025-06-21T08:00:00.123Z"),
        Value::from("CLIENT-CREDENTIALS"),
        serde_json::json!([]),
        serde_json::json!(["a", 1]),
        serde_json::json!({}),
        serde_json::json!({"id": "x", "nested": [1, {"a": null}]}),
    ];
    for key in document.keys() {
        let mut removed = document.clone();
        removed.remove(key);
        inputs.push(text(&removed));
        for other in &others {
            let mut changed = document.clone();
            changed.insert(key.clone(), other.clone());
            inputs.push(text(&changed));
        }
        // The key twice, and the key written with an escape.
        let whole = String::from_utf8(text(document)).unwrap();
        inputs.push(format!("{{\"{key}\":null,{}", &whole[1..]).into_bytes());
        let escaped = format!("\\u{:04x}{}", u32::from(key.as_bytes()[0]), &key[1..]);
        inputs.push(
            whole
                .replacen(&format!("\"{key}\""), &format!("\"{escaped}\""), 1)
                .into_bytes(),
        );
    }
    for other in &others {
        let mut unknown = document.clone();
        unknown.insert("futureField".into(), other.clone());
        unknown.insert("additionalFields".into(), other.clone());
        let whole = String::from_utf8(text(&unknown)).unwrap();
        inputs.push(whole.clone().into_bytes());
        inputs.push(format!("{{\"futureField\":0,{}", &whole[1..]).into_bytes());
    }
    let whole = text(document);
    inputs.extend((0..whole.len()).map(|end| whole[..end].to_vec()));
    for top in [
        "[]",
        "[\"a\"]",
        "1",
        "\"s\"",
        "null",
        "{}",
        "{} {}",
        "{\"a\":1,}",
    ] {
        inputs.push(top.as_bytes().to_vec());
    }
    inputs
}

/// Random byte changes of a fixture's text, from a fixed seed.
fn mutations(document: &Map<String, Value>, seed: u64, count: usize) -> Vec<Vec<u8>> {
    let whole = serde_json::to_vec(document).unwrap();
    let mut rng = fastrand::Rng::with_seed(seed);
    let alphabet = b"{}[]\":,0123456789.eE-+ntrufalsx\\ \nabc";
    (0..count)
        .map(|_| {
            let mut input = whole.clone();
            for _ in 0..rng.usize(1..4) {
                let at = rng.usize(..input.len());
                match rng.u8(..3) {
                    0 => input[at] = alphabet[rng.usize(..alphabet.len())],
                    1 => {
                        input.remove(at);
                    }
                    _ => input.insert(at, alphabet[rng.usize(..alphabet.len())]),
                }
            }
            input
        })
        .collect()
}

fn fixture(name: &str) -> Map<String, Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../crates/genesys-cloud-models/tests/fixtures")
        .join(format!("{name}.json"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

pub(crate) fn check_model<New, Old>(name: &str, seed: u64)
where
    New: DeserializeOwned + Serialize,
    Old: DeserializeOwned + Serialize,
{
    let document = fixture(name);
    let mut inputs = variants(&document);
    inputs.extend(mutations(&document, seed, 3_000));
    // The fuzz corpus and seeds of the model target: selector byte, then the body.
    let mut corpus = fuzz::seeds("model", &fuzz::fixtures_dir());
    corpus.extend(fuzz::read_corpus(&fuzz::corpus_dir().join("model")));
    inputs.extend(
        corpus
            .into_iter()
            .filter_map(|input| input.get(1..).map(<[u8]>::to_vec)),
    );
    for input in &inputs {
        same::<New, Old>(input);
    }
}
