//! gc flags that `genesys` does not offer, answered with what to use instead, rather than clap's
//! "unexpected argument" and a tip that points elsewhere.

use std::ffi::OsString;

/// The gc flags without a `genesys` equivalent of the same name, and what to use instead.
const UNSUPPORTED: &[(&str, &str)] = &[
    (
        "--transform",
        "Go templates are not supported; reshape the output with --jq FILTER (jq syntax)",
    ),
    (
        "--transformstr",
        "Go templates are not supported; reshape the output with --jq FILTER (jq syntax)",
    ),
    (
        "--stream",
        "streaming is not supported; use --autopaginate (with --jq to reshape each client)",
    ),
    (
        "--filtercondition",
        "filter conditions are not supported; use --jq, e.g. --jq '.entities[] | select(.state == \"active\")'",
    ),
    ("-i", "use --input json|yaml (or gc's --inputformat)"),
];

/// The message for the first gc-only flag among `args` (the program name excluded), if any. Arguments after
/// `--` are values, not flags.
pub(crate) fn unsupported_flag(args: impl IntoIterator<Item = OsString>) -> Option<String> {
    for arg in args {
        let Some(arg) = arg.to_str() else {
            continue;
        };
        if arg == "--" {
            return None;
        }
        let flag = arg.split_once('=').map_or(arg, |(flag, _)| flag);
        if let Some((name, instead)) = UNSUPPORTED.iter().find(|(name, _)| *name == flag) {
            return Some(format!(
                "{name} is a gc flag that genesys does not support: {instead}"
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(args: &[&str]) -> Option<String> {
        unsupported_flag(args.iter().map(OsString::from))
    }

    #[test]
    fn gc_only_flags_say_what_to_use_instead() {
        let message = check(&["oauth", "clients", "list", "--transform", "x"]).unwrap();
        assert!(message.contains("--jq"), "{message}");
        assert!(
            check(&["oauth", "clients", "list", "--stream"])
                .unwrap()
                .contains("--autopaginate")
        );
        assert!(check(&["--filtercondition=a"]).unwrap().contains("select"));
        assert!(check(&["-i", "json"]).unwrap().contains("--input"));
        assert_eq!(
            check(&["oauth", "clients", "list", "--jq", ".entities"]),
            None
        );
        assert_eq!(
            check(&["oauth", "clients", "create", "--", "--transform"]),
            None
        );
    }
}
