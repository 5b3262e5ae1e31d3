//! The mutator: byte-level havoc, a dictionary of tokens that matter to these parsers, splicing between inputs,
//! number swaps, and JSON-aware edits of the first JSON document in an input.

use serde_json::{Map, Value};

/// Tokens worth inserting: JSON structure and escapes, boundary numbers and dates, URL and header pieces.
const TOKENS: &[&str] = &[
    "null",
    "true",
    "false",
    "{}",
    "[]",
    "\"\"",
    "\"\\u0000\"",
    "\"\\ud800\"",
    "\"\\udc00\\ud800\"",
    "\\\"",
    "\\\\",
    ",",
    ":",
    "{\"",
    "\"}",
    "[[[[[[[[[[[[[[[[",
    "]]]]]]]]]]]]]]]]",
    "0",
    "-0",
    "-1",
    "1e999",
    "-1e999",
    "1e-999",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "18446744073709551616",
    "2147483648",
    "-2147483649",
    "4294967296",
    "1.5",
    "1E2",
    "00",
    "1970-01-01T00:00:00Z",
    "1969-12-31T23:59:59.999999999Z",
    "0000-01-01T00:00:00+00:01",
    "9999-12-31T23:59:59-00:01",
    "2024-02-29T24:00:00Z",
    "23:59:60",
    "+14:00",
    "-23:59",
    ".123456789",
    "Z",
    "GMT",
    "Mon, 01 Jan 0001 00:00:00 GMT",
    "Fri, 31 Dec 9999 23:59:59 GMT",
    "\r\n",
    "\r",
    "\n",
    "\t",
    " ",
    "https://",
    "http://",
    "127.0.0.1",
    "[::1]",
    "[::ffff:127.0.0.1]",
    "localhost",
    "@",
    "%2F",
    "%2f",
    "%",
    "%ZZ",
    "%00",
    "../",
    "..",
    "?",
    "#",
    "&",
    "=",
    "api.",
    "login.",
    ":65535",
    ":0",
    ":99999",
    "/api/v2/oauth/clients",
    "/api/v2/oauth/scopes",
    "pageNumber=",
    "pageSize=",
    "ü",
    "🦀",
    "\u{200b}",
    "\u{feff}",
    "CODE",
    "TOKEN",
    "CLIENT-CREDENTIALS",
    "SAML2-BEARER",
    "PASSWORD",
    "active",
    "inactive",
    "disabled",
    "Running",
    "Complete",
    "Failed",
    "Status429",
    "TemplateUri",
    "platform.api",
    "invalid_client",
    "not.found",
];

/// Numbers that sit on the edges of the integer and float types the models use.
const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "-1",
    "1",
    "255",
    "256",
    "65536",
    "2147483647",
    "2147483648",
    "-2147483648",
    "-2147483649",
    "4294967296",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "18446744073709551615",
    "18446744073709551616",
    "1e308",
    "1e309",
    "-1e309",
    "5e-324",
    "1.0",
    "0.1",
    "1969",
    "9999",
    "10000",
    "000",
];

/// Mutates inputs, deterministically for a seed.
pub(crate) struct Mutator {
    rng: fastrand::Rng,
    dictionary: Vec<Vec<u8>>,
    max_len: usize,
}

impl Mutator {
    /// A mutator with the built-in tokens plus `extra` (such as the JSON keys of the fixtures).
    pub(crate) fn new(seed: u64, extra: Vec<Vec<u8>>, max_len: usize) -> Self {
        let mut dictionary: Vec<Vec<u8>> = TOKENS.iter().map(|t| t.as_bytes().to_vec()).collect();
        dictionary.extend(extra);
        Self {
            rng: fastrand::Rng::with_seed(seed),
            dictionary,
            max_len,
        }
    }

    /// A random index below `len` (which must not be zero).
    pub(crate) fn pick(&mut self, len: usize) -> usize {
        self.rng.usize(..len)
    }

    /// Applies one to four stacked mutations, taking splice material from `pool`.
    pub(crate) fn mutate(&mut self, input: &mut Vec<u8>, pool: &[Vec<u8>]) {
        let rounds = 1 + self.rng.usize(..4);
        for _ in 0..rounds {
            match self.rng.u8(..13) {
                0 => self.flip_bit(input),
                1 => self.set_byte(input, None),
                2 => self.set_byte(input, Some(b"\0\x7f\x80\xff\"\\{}[],:0-.eE \r\n%/?#")),
                3 => self.insert_random(input),
                4 => self.delete_range(input),
                5 => self.duplicate_range(input),
                6 => self.insert_token(input, false),
                7 => self.insert_token(input, true),
                8 => self.splice(input, pool),
                9 | 10 => self.swap_number(input),
                _ => self.mutate_json(input),
            }
        }
        input.truncate(self.max_len);
    }

    fn position(&mut self, input: &[u8]) -> usize {
        self.rng.usize(..=input.len())
    }

    fn flip_bit(&mut self, input: &mut [u8]) {
        if !input.is_empty() {
            let at = self.rng.usize(..input.len());
            input[at] ^= 1 << self.rng.u8(..8);
        }
    }

    fn set_byte(&mut self, input: &mut [u8], choices: Option<&[u8]>) {
        if input.is_empty() {
            return;
        }
        let at = self.rng.usize(..input.len());
        input[at] = match choices {
            Some(choices) => choices[self.rng.usize(..choices.len())],
            None => self.rng.u8(..),
        };
    }

    fn insert_random(&mut self, input: &mut Vec<u8>) {
        let at = self.position(input);
        let count = 1 + self.rng.usize(..8);
        let bytes: Vec<u8> = (0..count).map(|_| self.rng.u8(..)).collect();
        input.splice(at..at, bytes);
    }

    fn delete_range(&mut self, input: &mut Vec<u8>) {
        if input.is_empty() {
            return;
        }
        let start = self.rng.usize(..input.len());
        let len = 1 + self.rng.usize(..(input.len() - start).min(32));
        input.drain(start..start + len);
    }

    fn duplicate_range(&mut self, input: &mut Vec<u8>) {
        if input.is_empty() {
            return;
        }
        let start = self.rng.usize(..input.len());
        let len = 1 + self.rng.usize(..(input.len() - start).min(64));
        let copy = input[start..start + len].to_vec();
        let times = 1 + self.rng.usize(..4);
        let at = self.position(input);
        for _ in 0..times {
            input.splice(at..at, copy.iter().copied());
        }
    }

    fn insert_token(&mut self, input: &mut Vec<u8>, overwrite: bool) {
        let token = self.dictionary[self.rng.usize(..self.dictionary.len())].clone();
        let at = self.position(input);
        let end = if overwrite {
            (at + token.len()).min(input.len())
        } else {
            at
        };
        input.splice(at..end, token);
    }

    fn splice(&mut self, input: &mut Vec<u8>, pool: &[Vec<u8>]) {
        if pool.is_empty() {
            return;
        }
        let other = &pool[self.rng.usize(..pool.len())];
        let cut = self.position(input);
        let from = self.rng.usize(..=other.len());
        input.truncate(cut);
        input.extend_from_slice(&other[from..]);
    }

    /// Replaces a run of digits (with its sign) by a boundary number.
    fn swap_number(&mut self, input: &mut Vec<u8>) {
        let digits: Vec<usize> = (0..input.len())
            .filter(|&i| input[i].is_ascii_digit())
            .collect();
        if digits.is_empty() {
            return self.insert_token(input, false);
        }
        let mut start = digits[self.rng.usize(..digits.len())];
        while start > 0 && (input[start - 1].is_ascii_digit() || input[start - 1] == b'-') {
            start -= 1;
        }
        let mut end = start;
        while end < input.len() && (input[end].is_ascii_digit() || input[end] == b'-') {
            end += 1;
        }
        let number = NUMBERS[self.rng.usize(..NUMBERS.len())];
        input.splice(start..end, number.bytes());
    }

    /// Edits one node of the first JSON document in the input (after any selector bytes), and writes it back.
    fn mutate_json(&mut self, input: &mut Vec<u8>) {
        let Some(start) = input.iter().position(|b| matches!(b, b'{' | b'[' | b'"')) else {
            return self.insert_token(input, false);
        };
        let Ok(mut value) = serde_json::from_slice::<Value>(&input[start..]) else {
            return self.swap_number(input);
        };
        let nodes = count_nodes(&value);
        let target = self.rng.usize(..nodes);
        let mut seen = 0;
        self.edit_node(&mut value, target, &mut seen);
        if let Ok(bytes) = serde_json::to_vec(&value) {
            input.truncate(start);
            input.extend_from_slice(&bytes);
        }
    }

    fn edit_node(&mut self, value: &mut Value, target: usize, seen: &mut usize) -> bool {
        if *seen == target {
            self.edit(value);
            return true;
        }
        *seen += 1;
        match value {
            Value::Array(items) => items
                .iter_mut()
                .any(|item| self.edit_node(item, target, seen)),
            Value::Object(map) => map
                .values_mut()
                .any(|item| self.edit_node(item, target, seen)),
            _ => false,
        }
    }

    fn edit(&mut self, value: &mut Value) {
        match self.rng.u8(..10) {
            0 => *value = self.scalar(),
            1 => *value = Value::Array(vec![value.take()]),
            2 => {
                // Deep nesting, around serde_json's recursion limit of 128.
                let depth = 100 + self.rng.usize(..40);
                for _ in 0..depth {
                    *value = Value::Array(vec![value.take()]);
                }
            }
            3 => match value {
                Value::Object(map) if !map.is_empty() => {
                    let key = map.keys().nth(self.rng.usize(..map.len())).cloned();
                    if let Some(key) = key {
                        map.remove(&key);
                    }
                }
                Value::Array(items) if !items.is_empty() => {
                    items.remove(self.rng.usize(..items.len()));
                }
                _ => *value = Value::Null,
            },
            4 => match value {
                Value::Array(items) if !items.is_empty() => {
                    let copy = items[self.rng.usize(..items.len())].clone();
                    let times = 1 + self.rng.usize(..200);
                    items.extend(std::iter::repeat_n(copy, times));
                }
                Value::Object(map) => {
                    let key = self.key();
                    let scalar = self.scalar();
                    map.insert(key, scalar);
                }
                _ => *value = Value::Array(vec![value.take(), Value::Null]),
            },
            5 => {
                let key = self.key();
                let mut map = Map::new();
                map.insert(key, value.take());
                *value = Value::Object(map);
            }
            6 => {
                if let Value::String(text) = value {
                    let token = self.dictionary[self.rng.usize(..self.dictionary.len())].clone();
                    let at = self.rng.usize(..=text.len());
                    if text.is_char_boundary(at) {
                        text.insert_str(at, &String::from_utf8_lossy(&token));
                    }
                } else {
                    *value = Value::String(String::from_utf8_lossy(&self.token()).into_owned());
                }
            }
            _ => *value = self.scalar(),
        }
    }

    fn token(&mut self) -> Vec<u8> {
        self.dictionary[self.rng.usize(..self.dictionary.len())].clone()
    }

    fn key(&mut self) -> String {
        String::from_utf8_lossy(&self.token()).into_owned()
    }

    fn scalar(&mut self) -> Value {
        match self.rng.u8(..12) {
            0 => Value::Null,
            1 => Value::Bool(self.rng.bool()),
            2 => Value::from(i64::MIN),
            3 => Value::from(u64::MAX),
            4 => Value::from(self.rng.i64(..)),
            5 => Value::from(-0.0f64),
            6 => Value::from(1e308f64),
            7 => Value::String(String::new()),
            8 => Value::String("x".repeat(1 + self.rng.usize(..20_000))),
            9 => Value::Array(Vec::new()),
            10 => Value::Object(Map::new()),
            _ => Value::String(String::from_utf8_lossy(&self.token()).into_owned()),
        }
    }
}

fn count_nodes(value: &Value) -> usize {
    1 + match value {
        Value::Array(items) => items.iter().map(count_nodes).sum(),
        Value::Object(map) => map.values().map(count_nodes).sum(),
        _ => 0,
    }
}

/// The JSON keys of documents, as dictionary tokens (`"key"`).
pub(crate) fn json_keys(documents: &[Vec<u8>]) -> Vec<Vec<u8>> {
    fn walk(value: &Value, keys: &mut std::collections::BTreeSet<String>) {
        match value {
            Value::Array(items) => items.iter().for_each(|item| walk(item, keys)),
            Value::Object(map) => {
                for (key, item) in map {
                    keys.insert(key.clone());
                    walk(item, keys);
                }
            }
            _ => {}
        }
    }
    let mut keys = std::collections::BTreeSet::new();
    for document in documents {
        let start = document.iter().position(|b| matches!(b, b'{' | b'['));
        if let Some(value) =
            start.and_then(|start| serde_json::from_slice::<Value>(&document[start..]).ok())
        {
            walk(&value, &mut keys);
        }
    }
    keys.into_iter().map(|key| key.into_bytes()).collect()
}
