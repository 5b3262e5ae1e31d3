//! Splitting the arguments of the commands that pass flags through to a binary (`fuzz`, `soak`).

/// Splits a command's arguments into its profile switch (`switch`, which flips the default) and the flags passed
/// through to the binary, each with its value; anything else is an error naming `command`.
pub(crate) fn pass_through(
    command: &str,
    args: &[String],
    switch: &str,
    passed: &[&str],
) -> Result<(bool, Vec<String>), String> {
    let mut switched = false;
    let mut through = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            flag if flag == switch => switched = true,
            flag if passed.contains(&flag) => {
                let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
                through.extend([arg.clone(), value.clone()]);
            }
            other => return Err(format!("unknown {command} argument `{other}`")),
        }
    }
    Ok((switched, through))
}

#[cfg(test)]
mod tests {
    use super::pass_through;

    fn strings(args: &[&str]) -> Vec<String> {
        args.iter().map(|arg| (*arg).to_owned()).collect()
    }

    #[test]
    fn pass_through_splits_the_switch_from_the_passed_flags() {
        let args = strings(&["--ops", "10", "--debug", "--seed", "7"]);
        let (switched, passed) =
            pass_through("soak", &args, "--debug", &["--ops", "--seed"]).unwrap();
        assert!(switched);
        assert_eq!(passed, strings(&["--ops", "10", "--seed", "7"]));
        assert!(pass_through("soak", &strings(&["--ops"]), "--debug", &["--ops"]).is_err());
        let error = pass_through("fuzz", &strings(&["--nope"]), "--release", &[]).unwrap_err();
        assert_eq!(error, "unknown fuzz argument `--nope`");
    }
}
