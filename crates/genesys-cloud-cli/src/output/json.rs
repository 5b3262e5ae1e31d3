//! JSON as the API sent it, re-indented without being decoded: keys keep their order and numbers their digits.

/// Re-indents `json` with two spaces per level (`pretty`) or removes all insignificant whitespace. The input
/// must be valid JSON (the caller checks it); the output is the same document.
pub(crate) fn reformat(json: &str, pretty: bool) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 4);
    let mut depth = 0usize;
    let mut chars = json.chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        if pretty {
            out.push('\n');
            out.extend(std::iter::repeat_n("  ", depth));
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                out.push('"');
                let mut escaped = false;
                for c in chars.by_ref() {
                    out.push(c);
                    match c {
                        '\\' if !escaped => escaped = true,
                        '"' if !escaped => break,
                        _ => escaped = false,
                    }
                }
            }
            '{' | '[' => {
                out.push(c);
                while chars.peek().is_some_and(|c| c.is_ascii_whitespace()) {
                    chars.next();
                }
                let close = if c == '{' { '}' } else { ']' };
                if chars.peek() == Some(&close) {
                    // An empty object or array stays on one line.
                    out.push(close);
                    chars.next();
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(',');
                newline(&mut out, depth);
            }
            ':' => out.push_str(if pretty { ": " } else { ":" }),
            c if c.is_ascii_whitespace() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::reformat;

    const INPUT: &str = r#" {"zeta": 1.50, "alpha":[ ], "nested" : {"s":"a \"q\" , : { [","n":12345678901234567890},
        "list":[1,{}, "x\\"]} "#;

    #[test]
    fn keeps_key_order_number_digits_and_string_contents() {
        let compact = reformat(INPUT, false);
        assert_eq!(
            compact,
            r#"{"zeta":1.50,"alpha":[],"nested":{"s":"a \"q\" , : { [","n":12345678901234567890},"list":[1,{},"x\\"]}"#
        );
        let pretty = reformat(INPUT, true);
        assert!(
            pretty
                .starts_with("{\n  \"zeta\": 1.50,\n  \"alpha\": [],\n  \"nested\": {\n    \"s\""),
            "{pretty}"
        );
        assert!(pretty.ends_with("\n  ]\n}"), "{pretty}");
        // Both are the same document as the input.
        let value: serde_json::Value = serde_json::from_str(INPUT).unwrap();
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&pretty).unwrap(),
            value
        );
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&compact).unwrap(),
            value
        );
        assert_eq!(reformat(&compact, false), compact);
    }

    #[test]
    fn pretty_matches_serde_json_for_ordinary_documents() {
        let text = r#"{"a":[1,2,{"b":null,"c":"d"}],"e":{},"f":true}"#;
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(
            reformat(text, true),
            serde_json::to_string_pretty(&value).unwrap()
        );
    }
}
