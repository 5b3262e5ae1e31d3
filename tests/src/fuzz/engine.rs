//! The fuzz loop: seeds and corpus in, mutated inputs through every target until the time is up, new signatures
//! kept, the first failure written to the corpus.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::mutate::{Mutator, json_keys};
use super::{Finding, TARGETS, Target, check, content_hash, seeds};

/// How one fuzz run goes.
#[derive(Clone, Debug)]
pub struct Config {
    /// How long to run.
    pub duration: Duration,
    /// The seed of the mutator: the same seed gives the same sequence of inputs.
    pub seed: u64,
    /// The corpus, read at the start (one directory per target); crashes are written there.
    pub corpus: PathBuf,
    /// The models' JSON fixtures, for seeds.
    pub fixtures: PathBuf,
    /// Also write inputs with new signatures into the corpus, at most this many per target (0: none).
    pub save_new: usize,
    /// The longest input tried, in bytes.
    pub max_len: usize,
    /// Only these targets (all when empty).
    pub only: Vec<String>,
}

/// What a run did.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    /// Inputs run, over all targets.
    pub cases: u64,
    /// Inputs run per target.
    pub per_target: Vec<(&'static str, u64)>,
    /// Distinct signatures seen.
    pub signatures: usize,
    /// Seeds and corpus files the run started from.
    pub starting_inputs: usize,
    /// Inputs written to the corpus because their signature was new.
    pub saved: usize,
    /// How long it ran.
    pub elapsed: Duration,
}

/// A failing input, already written to the corpus.
#[derive(Debug)]
pub struct Crash {
    /// The target it failed.
    pub target: &'static str,
    /// What went wrong.
    pub finding: Finding,
    /// Where the input was written (`None` if writing failed).
    pub path: Option<PathBuf>,
    /// The input.
    pub input: Vec<u8>,
    /// The summary up to the failure.
    pub summary: Summary,
}

/// The largest input `save_new` writes to the corpus.
const SAVE_MAX_LEN: usize = 2048;

/// Inputs kept per target for further mutation; past this, new ones replace random old ones.
const POOL_LIMIT: usize = 4096;

struct Lane {
    target: &'static Target,
    pool: Vec<Vec<u8>>,
    signatures: HashSet<String>,
    cases: u64,
    saved: usize,
}

/// Runs the fuzz loop until `config.duration` has passed or an input fails.
pub fn run(config: &Config) -> Result<Summary, Box<Crash>> {
    let started = Instant::now();
    let mut lanes = Vec::new();
    let mut all_seeds = Vec::new();
    for target in TARGETS {
        if !config.only.is_empty() && !config.only.iter().any(|name| name == target.name) {
            continue;
        }
        let mut pool = seeds(target.name, &config.fixtures);
        pool.extend(read_corpus(&config.corpus.join(target.name)));
        all_seeds.extend(pool.iter().cloned());
        lanes.push(Lane {
            target,
            pool,
            signatures: HashSet::new(),
            cases: 0,
            saved: 0,
        });
    }
    let starting_inputs = all_seeds.len();
    let mut mutator = Mutator::new(config.seed, json_keys(&all_seeds), config.max_len);
    let summary = |lanes: &[Lane], elapsed| Summary {
        cases: lanes.iter().map(|lane| lane.cases).sum(),
        per_target: lanes
            .iter()
            .map(|lane| (lane.target.name, lane.cases))
            .collect(),
        signatures: lanes.iter().map(|lane| lane.signatures.len()).sum(),
        starting_inputs,
        saved: lanes.iter().map(|lane| lane.saved).sum(),
        elapsed,
    };
    // Every starting input runs once, unmutated, so a corpus regression fails at once.
    for lane_index in 0..lanes.len() {
        for index in 0..lanes[lane_index].pool.len() {
            let input = lanes[lane_index].pool[index].clone();
            if let Err(crash) = run_one(&mut lanes[lane_index], input, config, None) {
                return Err(with_summary(crash, summary(&lanes, started.elapsed())));
            }
        }
    }
    let mut round = 0u64;
    while started.elapsed() < config.duration {
        for _ in 0..64 {
            round += 1;
            let count = lanes.len() as u64;
            let lane = &mut lanes[(round % count) as usize];
            if lane.pool.is_empty() {
                continue;
            }
            let mut input = lane.pool[mutator.pick(lane.pool.len())].clone();
            mutator.mutate(&mut input, &lane.pool);
            if let Err(crash) = run_one(lane, input, config, Some(&mut mutator)) {
                return Err(with_summary(crash, summary(&lanes, started.elapsed())));
            }
        }
    }
    Ok(summary(&lanes, started.elapsed()))
}

fn with_summary(mut crash: Box<Crash>, summary: Summary) -> Box<Crash> {
    crash.summary = summary;
    crash
}

/// Runs one input; with a mutator (that is, for a mutated input) a new signature keeps the input in the pool.
fn run_one(
    lane: &mut Lane,
    input: Vec<u8>,
    config: &Config,
    mutator: Option<&mut Mutator>,
) -> Result<(), Box<Crash>> {
    lane.cases += 1;
    match check(lane.target, &input) {
        Ok(signature) => {
            let new = lane.signatures.insert(signature);
            if let (true, Some(mutator)) = (new, mutator) {
                // Small inputs only: the committed corpus is for reading and replaying, not for bulk.
                if lane.saved < config.save_new && input.len() <= SAVE_MAX_LEN {
                    let dir = config.corpus.join(lane.target.name);
                    if write_input(&dir, "", &input).is_some() {
                        lane.saved += 1;
                    }
                }
                if lane.pool.len() < POOL_LIMIT {
                    lane.pool.push(input);
                } else {
                    let at = mutator.pick(lane.pool.len());
                    lane.pool[at] = input;
                }
            }
            Ok(())
        }
        Err(finding) => {
            let path = write_input(&config.corpus.join(lane.target.name), "crash-", &input);
            Err(Box::new(Crash {
                target: lane.target.name,
                finding,
                path,
                input,
                summary: Summary::default(),
            }))
        }
    }
}

/// Writes an input named by its content hash; `None` if it could not be written.
fn write_input(dir: &Path, prefix: &str, input: &[u8]) -> Option<PathBuf> {
    std::fs::create_dir_all(dir).ok()?;
    let path = dir.join(format!("{prefix}{:016x}", content_hash(input)));
    std::fs::write(&path, input).ok()?;
    Some(path)
}

/// Every file of a corpus directory, sorted by name so runs are reproducible.
pub fn read_corpus(dir: &Path) -> Vec<Vec<u8>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.is_file())
        .collect();
    paths.sort();
    paths
        .iter()
        .filter_map(|path| std::fs::read(path).ok())
        .collect()
}
