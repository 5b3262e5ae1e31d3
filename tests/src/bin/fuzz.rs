//! `fuzz`: runs the fuzz loop of `genesys_cloud_tests::fuzz` for a while and reports how many cases it ran.
//!
//! ```text
//! fuzz [--seconds N] [--seed S] [--target NAME]... [--save-new N] [--max-len BYTES]
//! ```
//!
//! Prints `metric fuzz_cases N count` and a summary line. On a failure it writes the input to
//! `tests/corpus/<target>/crash-<hash>` (which the corpus replay test then runs) and exits with status 1.

use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use genesys_cloud_tests::fuzz::{self, Config};

const USAGE: &str =
    "usage: fuzz [--seconds N] [--seed S] [--target NAME]... [--save-new N] [--max-len BYTES]";

fn main() -> ExitCode {
    match parse(std::env::args().skip(1).collect()) {
        Ok(config) => run(&config),
        Err(message) => {
            eprintln!("fuzz: {message}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn parse(args: Vec<String>) -> Result<Config, String> {
    let mut config = Config {
        duration: Duration::from_secs(10),
        seed: SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_nanos() as u64),
        corpus: fuzz::corpus_dir(),
        fixtures: fuzz::fixtures_dir(),
        save_new: 0,
        max_len: 16 * 1024,
        only: Vec::new(),
    };
    let mut args = args.into_iter();
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--seconds" => {
                let seconds: f64 = number(&value()?)?;
                config.duration = Duration::try_from_secs_f64(seconds)
                    .map_err(|_| format!("--seconds {seconds} is not a duration"))?;
            }
            "--seed" => config.seed = number(&value()?)?,
            "--save-new" => config.save_new = number(&value()?)?,
            "--max-len" => config.max_len = number(&value()?)?,
            "--target" => {
                let name = value()?;
                if fuzz::target(&name).is_none() {
                    let names: Vec<&str> = fuzz::TARGETS.iter().map(|t| t.name).collect();
                    return Err(format!("no target `{name}`; targets: {}", names.join(", ")));
                }
                config.only.push(name);
            }
            "-h" | "--help" => return Err("help".to_owned()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(config)
}

fn number<T: std::str::FromStr>(text: &str) -> Result<T, String> {
    text.parse()
        .map_err(|_| format!("`{text}` is not a valid number"))
}

fn run(config: &Config) -> ExitCode {
    println!(
        "fuzz: seed {}, {:.0}s, corpus {}",
        config.seed,
        config.duration.as_secs_f64(),
        config.corpus.display()
    );
    let (summary, crash) = match fuzz::run(config) {
        Ok(summary) => (summary, None),
        Err(crash) => (crash.summary.clone(), Some(crash)),
    };
    let per_target: Vec<String> = summary
        .per_target
        .iter()
        .map(|(name, cases)| format!("{name} {cases}"))
        .collect();
    println!("metric fuzz_cases {} count", summary.cases);
    println!(
        "fuzz: {} cases in {:.1}s ({:.0}/s) from {} starting inputs; {} signatures; {} saved; {} crashes [{}]",
        summary.cases,
        summary.elapsed.as_secs_f64(),
        summary.cases as f64 / summary.elapsed.as_secs_f64().max(1e-9),
        summary.starting_inputs,
        summary.signatures,
        summary.saved,
        usize::from(crash.is_some()),
        per_target.join(", ")
    );
    let Some(crash) = crash else {
        return ExitCode::SUCCESS;
    };
    eprintln!("fuzz: target `{}` failed: {}", crash.target, crash.finding);
    eprintln!(
        "fuzz: input ({} bytes): {:?}",
        crash.input.len(),
        String::from_utf8_lossy(&crash.input[..crash.input.len().min(2000)])
    );
    match &crash.path {
        Some(path) => eprintln!(
            "fuzz: written to {}; `cargo test -p genesys-cloud-tests --test fuzz_corpus` replays it",
            path.display()
        ),
        None => eprintln!("fuzz: the input could not be written to the corpus"),
    }
    eprintln!("fuzz: rerun with --seed {} to reproduce", config.seed);
    ExitCode::FAILURE
}
