//! Shell completions for bash, zsh and fish, made from the command tree: at every level, subcommands first
//! (options once `-` is typed, or where there is no subcommand), and the known values of options such as
//! `--grant-type` or `--granularity`. Other shells get clap_complete's scripts.

use std::fmt::Write as _;

use clap::Command;
use clap_complete::Shell;

/// An option: its spellings, its help, and whether (and with which known values) it takes a value.
struct Opt {
    spellings: Vec<String>,
    long: Option<String>,
    short: Option<char>,
    help: String,
    takes_value: bool,
    values: Vec<String>,
}

/// A command of the tree: its path (`oauth clients list`), what may follow it, and its options.
struct Node {
    path: String,
    /// Subcommands, or else the known values of its first positional argument, with their help.
    words: Vec<(String, String)>,
    options: Vec<Opt>,
}

fn nodes(command: &Command, path: &str, out: &mut Vec<Node>) {
    let mut words: Vec<(String, String)> = command
        .get_subcommands()
        .filter(|sub| !sub.is_hide_set() && sub.get_name() != "help")
        .map(|sub| {
            (
                sub.get_name().to_owned(),
                sub.get_about().map(ToString::to_string).unwrap_or_default(),
            )
        })
        .collect();
    if words.is_empty() {
        if let Some(positional) = command.get_positionals().next() {
            words = positional
                .get_possible_values()
                .iter()
                .filter(|value| !value.is_hide_set())
                .map(|value| {
                    (
                        value.get_name().to_owned(),
                        value
                            .get_help()
                            .map(ToString::to_string)
                            .unwrap_or_default(),
                    )
                })
                .collect();
        }
    }
    let options = command
        .get_arguments()
        .filter(|arg| !arg.is_positional() && !arg.is_hide_set())
        .map(|arg| {
            let long = arg.get_long().map(str::to_owned);
            let short = arg.get_short();
            let mut spellings: Vec<String> = long.iter().map(|long| format!("--{long}")).collect();
            spellings.extend(short.map(|short| format!("-{short}")));
            let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
            Opt {
                spellings,
                long,
                short,
                // The first sentence is enough beside a completion.
                help: help.split(". ").next().unwrap_or_default().to_owned(),
                takes_value: arg.get_action().takes_values(),
                values: arg
                    .get_possible_values()
                    .iter()
                    .filter(|value| !value.is_hide_set())
                    .map(|value| value.get_name().to_owned())
                    .collect(),
            }
        })
        .collect();
    out.push(Node {
        path: path.to_owned(),
        words,
        options,
    });
    for sub in command
        .get_subcommands()
        .filter(|sub| !sub.is_hide_set() && sub.get_name() != "help")
    {
        let path = if path.is_empty() {
            sub.get_name().to_owned()
        } else {
            format!("{path} {}", sub.get_name())
        };
        nodes(sub, &path, out);
    }
}

/// The command tree as nodes, global options propagated.
fn tree(mut command: Command) -> Vec<Node> {
    command.build();
    let mut out = Vec::new();
    nodes(&command, "", &mut out);
    out
}

/// A word list for a shell, space-separated (names and values hold no spaces or quotes).
fn words<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    items.into_iter().collect::<Vec<_>>().join(" ")
}

/// The case statements of bash and zsh: what may follow each path, its options, those that take a value, and
/// the known values of each option.
fn posix_functions(nodes: &[Node]) -> String {
    let mut text = String::from("__genesys_words() {\n    case \"$1\" in\n");
    for node in nodes {
        let _ = writeln!(
            text,
            "        \"{}\") echo \"{}\" ;;",
            node.path,
            words(node.words.iter().map(|(word, _)| word.as_str()))
        );
    }
    text.push_str("    esac\n}\n__genesys_options() {\n    case \"$1\" in\n");
    for node in nodes {
        let _ = writeln!(
            text,
            "        \"{}\") echo \"{}\" ;;",
            node.path,
            words(
                node.options
                    .iter()
                    .filter_map(|opt| opt.spellings.first().map(String::as_str))
            )
        );
    }
    text.push_str("    esac\n}\n__genesys_valued() {\n    case \"$1\" in\n");
    for node in nodes {
        let _ = writeln!(
            text,
            "        \"{}\") echo \"{}\" ;;",
            node.path,
            words(
                node.options
                    .iter()
                    .filter(|opt| opt.takes_value)
                    .flat_map(|opt| opt.spellings.iter().map(String::as_str))
            )
        );
    }
    text.push_str("    esac\n}\n__genesys_values() {\n    case \"$1|$2\" in\n");
    for node in nodes {
        for opt in node.options.iter().filter(|opt| !opt.values.is_empty()) {
            let _ = writeln!(
                text,
                "        \"{}|{}\") echo \"{}\" ;;",
                node.path,
                opt.spellings.join(&format!("\"|\"{}|", node.path)),
                words(opt.values.iter().map(String::as_str))
            );
        }
    }
    text.push_str("    esac\n}\n");
    text
}

/// Finds the command path in `words` (bash: `COMP_WORDS`, from index `first` up to the word being completed):
/// words that name a subcommand extend it, option values are skipped. Sets `cmdpath` and `skip` (whether the
/// word before the cursor is an option that takes a value).
const POSIX_WALK: &str = r#"__genesys_walk() {
    cmdpath=""
    skip=""
    local w
    for w in "$@"; do
        if [[ -n $skip ]]; then
            skip=""
            continue
        fi
        if [[ $w == -* ]]; then
            if [[ $w != *=* && " $(__genesys_valued "$cmdpath") " == *" $w "* ]]; then
                skip=1
            fi
        elif [[ " $(__genesys_words "$cmdpath") " == *" $w "* ]]; then
            cmdpath="${cmdpath:+$cmdpath }$w"
        fi
    done
}
"#;

fn bash(nodes: &[Node]) -> String {
    let mut text =
        String::from("# bash completion for genesys: source it, or put it in bash_completion.d.\n");
    text.push_str(&posix_functions(nodes));
    text.push_str(POSIX_WALK);
    text.push_str(
        r#"_genesys() {
    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}" cmdpath skip
    # bash splits `--option=value` at `=` (COMP_WORDBREAKS): complete the value of that option.
    if [[ $cur == "=" ]]; then
        prev="${COMP_WORDS[COMP_CWORD-1]}"
        cur=""
        __genesys_walk "${COMP_WORDS[@]:1:COMP_CWORD-2}"
        COMPREPLY=($(compgen -W "$(__genesys_values "$cmdpath" "$prev")" -- "$cur"))
        return 0
    fi
    if [[ $prev == "=" && $COMP_CWORD -ge 3 ]]; then
        prev="${COMP_WORDS[COMP_CWORD-2]}"
        __genesys_walk "${COMP_WORDS[@]:1:COMP_CWORD-3}"
        COMPREPLY=($(compgen -W "$(__genesys_values "$cmdpath" "$prev")" -- "$cur"))
        return 0
    fi
    __genesys_walk "${COMP_WORDS[@]:1:COMP_CWORD-1}"
    if [[ -n $skip ]]; then
        COMPREPLY=($(compgen -W "$(__genesys_values "$cmdpath" "$prev")" -- "$cur"))
        return 0
    fi
    if [[ $cur == --*=* ]]; then
        COMPREPLY=($(compgen -P "${cur%%=*}=" -W "$(__genesys_values "$cmdpath" "${cur%%=*}")" -- "${cur#*=}"))
        return 0
    fi
    local next
    next="$(__genesys_words "$cmdpath")"
    if [[ $cur == -* || -z $next ]]; then
        COMPREPLY=($(compgen -W "$(__genesys_options "$cmdpath")" -- "$cur"))
    else
        COMPREPLY=($(compgen -W "$next" -- "$cur"))
    fi
    return 0
}
complete -F _genesys genesys
"#,
    );
    text
}

fn zsh(nodes: &[Node]) -> String {
    let mut text = String::from(
        "#compdef genesys\n# zsh completion for genesys: put it in a directory of $fpath as _genesys.\n",
    );
    text.push_str(&posix_functions(nodes));
    text.push_str(POSIX_WALK);
    text.push_str(
        r#"_genesys() {
    local cur="${words[CURRENT]}" prev="${words[CURRENT-1]}" cmdpath skip
    __genesys_walk "${(@)words[2,CURRENT-1]}"
    local -a candidates
    if [[ -n $skip ]]; then
        candidates=(${=$(__genesys_values "$cmdpath" "$prev")})
        (( ${#candidates} )) && compadd -a candidates
        return 0
    fi
    candidates=(${=$(__genesys_words "$cmdpath")})
    if [[ $cur == -* || ${#candidates} -eq 0 ]]; then
        candidates=(${=$(__genesys_options "$cmdpath")})
    fi
    compadd -a candidates
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
    _genesys "$@"
else
    compdef _genesys genesys
fi
"#,
    );
    text
}

/// `text` in single quotes for fish.
fn fish_quote(text: &str) -> String {
    format!("'{}'", text.replace('\\', "\\\\").replace('\'', "\\'"))
}

fn fish(nodes: &[Node]) -> String {
    let mut text = String::from(
        "# fish completion for genesys: put it in ~/.config/fish/completions/genesys.fish.\n",
    );
    // The same walk as bash and zsh: subcommand words extend the path, option values are skipped.
    text.push_str("function __genesys_words\n    switch \"$argv[1]\"\n");
    for node in nodes {
        let _ = writeln!(
            text,
            "        case {}\n            echo {}",
            fish_quote(&node.path),
            fish_quote(&words(node.words.iter().map(|(word, _)| word.as_str())))
        );
    }
    text.push_str("    end\nend\nfunction __genesys_valued\n    switch \"$argv[1]\"\n");
    for node in nodes {
        let _ = writeln!(
            text,
            "        case {}\n            echo {}",
            fish_quote(&node.path),
            fish_quote(&words(
                node.options
                    .iter()
                    .filter(|opt| opt.takes_value)
                    .flat_map(|opt| opt.spellings.iter().map(String::as_str))
            ))
        );
    }
    text.push_str(
        r#"    end
end
function __genesys_path
    set -l cmdpath
    set -l skip 0
    set -l words (commandline -opc)
    set -e words[1]
    for w in $words
        if test $skip = 1
            set skip 0
            continue
        end
        if string match -q -- '-*' $w
            if not string match -q -- '*=*' $w; and contains -- $w (string split ' ' -- (__genesys_valued "$cmdpath"))
                set skip 1
            end
        else if contains -- $w (string split ' ' -- (__genesys_words "$cmdpath"))
            set cmdpath (string trim -- "$cmdpath $w")
        end
    end
    echo $cmdpath
end
function __genesys_at
    set -l here (__genesys_path)
    test "$here" = "$argv[1]"
end
complete -c genesys -f
"#,
    );
    for node in nodes {
        let at = fish_quote(&format!("__genesys_at {}", fish_quote(&node.path)));
        for (word, help) in &node.words {
            let _ = writeln!(
                text,
                "complete -c genesys -n {at} -a {} -d {}",
                fish_quote(word),
                fish_quote(help)
            );
        }
        for opt in &node.options {
            let mut line = format!("complete -c genesys -n {at}");
            if let Some(long) = &opt.long {
                let _ = write!(line, " -l {long}");
            }
            if let Some(short) = opt.short {
                let _ = write!(line, " -s {short}");
            }
            if opt.takes_value && opt.values.is_empty() {
                line.push_str(" -r");
            }
            if !opt.values.is_empty() {
                line.push_str(" -x");
                let _ = write!(
                    line,
                    " -a {}",
                    fish_quote(&words(opt.values.iter().map(String::as_str)))
                );
            }
            let _ = writeln!(line, " -d {}", fish_quote(&opt.help));
            text.push_str(&line);
        }
    }
    text
}

/// The completion script of `shell` for `command`.
pub(crate) fn script(shell: Shell, command: Command) -> Vec<u8> {
    match shell {
        Shell::Bash => bash(&tree(command)).into_bytes(),
        Shell::Zsh => zsh(&tree(command)).into_bytes(),
        Shell::Fish => fish(&tree(command)).into_bytes(),
        other => {
            let mut command = command;
            let mut script = Vec::new();
            clap_complete::generate(other, &mut command, "genesys", &mut script);
            script
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_level_and_every_enum_value_is_in_each_script() {
        for shell in [Shell::Bash, Shell::Zsh, Shell::Fish] {
            let text = String::from_utf8(script(shell, crate::help::command())).unwrap();
            for expected in [
                "oauth clients usage query results",
                "client-credentials",
                "inactive",
                "Week",
                "TemplateUri",
                "Status429",
            ] {
                assert!(text.contains(expected), "{shell:?}: {expected}");
            }
        }
    }
}
