//! How well every lesson holds across seeds: for each scenario, on how many seeds the failure
//! shows its symptom; for each remedy, on how many it keeps its promise (symptom gone and
//! test accuracy at least its `min_test_accuracy`), on how many the lesson is reversed (the
//! remedy ends below the failure's test accuracy on that seed; for a class imbalance, below
//! its minority recall), and, for every entry, how
//! many runs have no trained epoch to draw or contradict what the explanation says. Prints a
//! markdown table for the README, then the failing seeds of every entry.
//!
//! `cargo run --release --example seed_sweep [--seeds N] [--from S] [--threads T]
//! [--set path=value]... [--remedy-set id:path=value]... [--epochs N] [scenario-id...]`
//! (default: seeds 1..=200). Seeds are shared among the machine's cores; every run is
//! seeded, so the table does not depend on the threading.
//!
//! `--set` edits the chosen scenarios' failure (the remedies apply on top of it),
//! `--remedy-set` one remedy's delta and `--epochs` the budget: a candidate catalog change
//! is measured before it is written into the catalog.

use nnlab::scenario::{catalog, run_scenario, Remedy, RunOutcome, Scenario, Symptom};
use nnlab::train::EpochStats;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// A failure that blows up must leave at least this many epochs on the charts.
const MIN_VISIBLE_EPOCHS: usize = 3;
/// For a loss that stalls, the accuracy a learning run reaches, and how many times sooner
/// the remedy must reach it than the failure.
const LEARNED_ACCURACY: f64 = 0.9;
const SPEED_UP: usize = 3;

/// What one run measured.
struct Run {
    /// The scenario's symptom shows on this run.
    shown: bool,
    test_accuracy: f64,
    /// What "worse" compares: the test accuracy, or for a class imbalance (where always
    /// answering the majority has the best accuracy) the minority class's test recall.
    score: f64,
    /// Epochs with a record (what the charts can draw).
    epochs: usize,
    /// First epoch whose test accuracy reached `LEARNED_ACCURACY`.
    learned_at: Option<usize>,
    /// Ways this run contradicts its scenario's explanation.
    contradictions: Vec<String>,
}

fn learned_at(history: &[EpochStats]) -> Option<usize> {
    let s = history
        .iter()
        .find(|s| s.test.accuracy >= LEARNED_ACCURACY)?;
    Some(s.epoch)
}

/// What the explanation promises about a run, checked on it alone.
fn contradictions(scenario: &Scenario, remedy: Option<&str>, out: &RunOutcome) -> Vec<String> {
    let mut found = Vec::new();
    let diverged = out.status.is_diverged();
    let blow_up = matches!(
        scenario.symptom,
        Symptom::Diverged | Symptom::ExplodingGradients { .. }
    );
    // A diverged run must leave a broken network, as its message says: NaN or infinite
    // weights or losses (the page and the CLI then show no accuracy and a grey boundary).
    // A ReLU maps a NaN input to 0, so NaN weights can still give a constant, finite
    // output; finite weights and losses would be a working model beside "became NaN".
    let f = &out.final_stats;
    let finite_weights = f.layers.iter().all(|l| l.weight_norm.is_finite());
    if diverged && finite_weights && f.train.loss.is_finite() && f.test.loss.is_finite() {
        found.push(format!(
            "diverged, yet its final weights and losses are finite ({:.1}% test accuracy)",
            100.0 * f.test.accuracy
        ));
    }
    match remedy {
        Some(_) if diverged => found.push("the remedy diverges".into()),
        None if diverged && !blow_up => found.push("the failure diverges, unexplained".into()),
        None if scenario.symptom == Symptom::Diverged && !diverged => found.push(format!(
            "no divergence: the loss ends finite at {:.3e}",
            out.history.last().map_or(f64::NAN, |s| s.train.loss)
        )),
        None if diverged && drawn(out) < MIN_VISIBLE_EPOCHS => found.push(format!(
            "blew up with only {} epochs or steps to draw",
            drawn(out)
        )),
        _ => {}
    }
    found
}

/// Points the charts draw after epoch 0: the trained epochs, and the steps of the epoch
/// that diverged.
fn drawn(out: &RunOutcome) -> usize {
    out.history.len() + out.diverged_steps.as_ref().map_or(0, |d| d.loss.len())
}

fn measure(scenario: &Scenario, remedy: Option<&str>, seed: u64) -> Run {
    let remedies: Vec<&str> = remedy.into_iter().collect();
    let out = run_scenario(scenario, &remedies, seed)
        .unwrap_or_else(|e| panic!("{} {remedies:?} seed {seed}: {e}", scenario.id));
    Run {
        shown: out.symptom(scenario).is_some(),
        test_accuracy: out.final_stats.test.accuracy,
        score: match scenario.symptom {
            Symptom::MinorityIgnored { .. } => out.final_stats.test.recall,
            _ => out.final_stats.test.accuracy,
        },
        epochs: drawn(&out),
        learned_at: learned_at(&out.history),
        contradictions: contradictions(scenario, remedy, &out),
    }
}

/// One sweep job: a scenario, a variant (`None` for the failure) and a seed.
type Job = (&'static Scenario, Option<&'static str>, u64);

/// Runs every job on `threads` threads; results come back in job order.
fn run_all(jobs: &[Job], threads: usize) -> Vec<Run> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Run>>> = Mutex::new((0..jobs.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(&(scenario, remedy, seed)) = jobs.get(i) else {
                    break;
                };
                let run = measure(scenario, remedy, seed);
                results.lock().unwrap()[i] = Some(run);
            });
        }
    });
    let done = results.into_inner().unwrap();
    done.into_iter()
        .map(|r| r.expect("every job ran"))
        .collect()
}

/// One table row: an entry's counts over the seeds, and its failing seeds by reason.
struct Row {
    scenario: &'static str,
    entry: String,
    holds: usize,
    reversed: Option<usize>,
    empty: usize,
    contradicted: usize,
    notes: Vec<String>,
}

fn seeds_where(seeds: &[u64], keep: impl Fn(usize) -> bool) -> Vec<u64> {
    (0..seeds.len())
        .filter(|&i| keep(i))
        .map(|i| seeds[i])
        .collect()
}

fn note(notes: &mut Vec<String>, what: &str, seeds: Vec<u64>) {
    if !seeds.is_empty() {
        let list: Vec<String> = seeds.iter().map(u64::to_string).collect();
        notes.push(format!("{what}: {}", list.join(" ")));
    }
}

/// A LossStalls failure must be slower than its remedy by `SPEED_UP`: the remedy reaches
/// `LEARNED_ACCURACY` and the failure takes `SPEED_UP` times as long, or never does.
fn too_slow_a_cure(failure: &Run, remedy: &Run) -> bool {
    match (failure.learned_at, remedy.learned_at) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(f), Some(r)) => f < SPEED_UP * r,
    }
}

fn rows(scenario: &'static Scenario, seeds: &[u64], runs: &[Run]) -> Vec<Row> {
    let n = seeds.len();
    let failure = &runs[..n];
    let mut out = Vec::new();
    let variants = std::iter::once(None).chain(scenario.remedies.iter().map(Some));
    for (k, remedy) in variants.enumerate() {
        let these = &runs[k * n..(k + 1) * n];
        let mut notes = Vec::new();
        let mut contradicted: Vec<Vec<String>> =
            these.iter().map(|r| r.contradictions.clone()).collect();
        let (holds, reversed) = match remedy {
            None => {
                note(
                    &mut notes,
                    "no symptom",
                    seeds_where(seeds, |i| !these[i].shown),
                );
                (seeds_where(seeds, |i| these[i].shown).len(), None)
            }
            Some(r) => {
                let kept =
                    |i: usize| !these[i].shown && these[i].test_accuracy >= r.min_test_accuracy;
                note(
                    &mut notes,
                    "symptom stays",
                    seeds_where(seeds, |i| these[i].shown),
                );
                let short = |i: usize| these[i].test_accuracy < r.min_test_accuracy;
                note(&mut notes, "below its accuracy", seeds_where(seeds, short));
                let worse = |i: usize| these[i].score < failure[i].score;
                let worse = seeds_where(seeds, worse);
                let count = worse.len();
                note(&mut notes, "reversed", worse);
                if matches!(scenario.symptom, Symptom::LossStalls { .. }) {
                    for (i, c) in contradicted.iter_mut().enumerate() {
                        if too_slow_a_cure(&failure[i], &these[i]) {
                            c.push(format!("not {SPEED_UP}x faster to {LEARNED_ACCURACY}"));
                        }
                    }
                }
                (seeds_where(seeds, kept).len(), Some(count))
            }
        };
        let empty = seeds_where(seeds, |i| these[i].epochs == 0);
        let empty_count = empty.len();
        note(&mut notes, "nothing drawn after epoch 0", empty);
        let mut kinds: Vec<String> = contradicted.iter().flatten().cloned().collect();
        kinds.sort();
        kinds.dedup();
        for kind in kinds {
            let at = seeds_where(seeds, |i| contradicted[i].contains(&kind));
            note(&mut notes, &kind, at);
        }
        out.push(Row {
            scenario: scenario.id,
            entry: remedy.map_or("failure".into(), |r| format!("+ {}", r.id)),
            holds,
            reversed,
            empty: empty_count,
            contradicted: contradicted.iter().filter(|c| !c.is_empty()).count(),
            notes,
        });
    }
    out
}

struct Args {
    seeds: u64,
    from: u64,
    /// Default: every core.
    threads: usize,
    ids: Vec<String>,
    failure_edits: Vec<(&'static str, &'static str)>,
    /// (remedy id, path, value).
    remedy_edits: Vec<(String, &'static str, &'static str)>,
    epochs: Option<usize>,
}

/// `path=value`, kept for the life of the program as the catalog's own edits are.
fn edit(text: &str) -> (&'static str, &'static str) {
    let (path, value) = text
        .split_once('=')
        .unwrap_or_else(|| panic!("an edit is path=value, got '{text}'"));
    (leak(path), leak(value))
}

fn leak(text: &str) -> &'static str {
    Box::leak(text.to_owned().into_boxed_str())
}

/// The scenario with the command line's edits: failure edits after its own, remedy edits
/// after the remedy's own, so a later edit of the same path wins.
fn edited(s: &'static Scenario, args: &Args) -> &'static Scenario {
    if args.failure_edits.is_empty() && args.remedy_edits.is_empty() && args.epochs.is_none() {
        return s;
    }
    let mut failure = s.failure.to_vec();
    failure.extend(&args.failure_edits);
    let remedies: Vec<Remedy> = s
        .remedies
        .iter()
        .map(|r| {
            let mut delta = r.delta.to_vec();
            delta.extend(
                args.remedy_edits
                    .iter()
                    .filter(|(id, _, _)| id == r.id)
                    .map(|&(_, p, v)| (p, v)),
            );
            Remedy {
                delta: Box::leak(delta.into_boxed_slice()),
                ..*r
            }
        })
        .collect();
    Box::leak(Box::new(Scenario {
        failure: Box::leak(failure.into_boxed_slice()),
        epochs: args.epochs.unwrap_or(s.epochs),
        remedies: Box::leak(remedies.into_boxed_slice()),
        ..*s
    }))
}

fn parse_args() -> Args {
    let mut args = Args {
        seeds: 200,
        from: 1,
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        ids: Vec::new(),
        failure_edits: Vec::new(),
        remedy_edits: Vec::new(),
        epochs: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut number = |name: &str| -> u64 {
            let text = it.next().unwrap_or_default();
            text.parse()
                .unwrap_or_else(|_| panic!("{name} needs a number, got '{text}'"))
        };
        match a.as_str() {
            "--seeds" => args.seeds = number("--seeds"),
            "--from" => args.from = number("--from"),
            "--threads" => args.threads = number("--threads").max(1) as usize,
            "--epochs" => args.epochs = Some(number("--epochs") as usize),
            "--set" => args
                .failure_edits
                .push(edit(&it.next().unwrap_or_default())),
            "--remedy-set" => {
                let text = it.next().unwrap_or_default();
                let (id, rest) = text
                    .split_once(':')
                    .unwrap_or_else(|| panic!("--remedy-set is id:path=value, got '{text}'"));
                let (p, v) = edit(rest);
                args.remedy_edits.push((id.to_owned(), p, v));
            }
            _ => args.ids.push(a),
        }
    }
    for id in &args.ids {
        catalog::find(id).unwrap_or_else(|e| panic!("{e}"));
    }
    args
}

fn main() {
    let args = parse_args();
    let seeds: Vec<u64> = (args.from..args.from + args.seeds).collect();
    let chosen: Vec<&'static Scenario> = catalog::all()
        .iter()
        .filter(|s| args.ids.is_empty() || args.ids.iter().any(|id| id == s.id))
        .map(|s| edited(s, &args))
        .collect();
    let mut jobs: Vec<Job> = Vec::new();
    for &s in &chosen {
        let variants = std::iter::once(None).chain(s.remedies.iter().map(|r| Some(r.id)));
        for v in variants {
            jobs.extend(seeds.iter().map(|&seed| (s, v, seed)));
        }
    }
    let start = std::time::Instant::now();
    let runs = run_all(&jobs, args.threads);
    let n = seeds.len();
    let mut all_rows = Vec::new();
    let mut at = 0;
    for &s in &chosen {
        let count = (1 + s.remedies.len()) * n;
        all_rows.extend(rows(s, &seeds, &runs[at..at + count]));
        at += count;
    }
    let (first, last) = (seeds[0], seeds[n - 1]);
    println!("Seeds {first}–{last} ({n} seeds, {} runs).\n", jobs.len());
    println!("| scenario | entry | symptom shows / promise holds | reversed | nothing drawn after epoch 0 | contradicts its explanation |");
    println!("|---|---|---|---|---|---|");
    for r in &all_rows {
        let pct = 100.0 * r.holds as f64 / n as f64;
        println!(
            "| `{}` | {} | {}/{n} ({pct:.1}%) | {} | {} | {} |",
            r.scenario,
            r.entry,
            r.holds,
            r.reversed.map_or("".into(), |c| c.to_string()),
            r.empty,
            r.contradicted
        );
    }
    println!();
    for r in all_rows.iter().filter(|r| !r.notes.is_empty()) {
        println!("- {} {}: {}", r.scenario, r.entry, r.notes.join("; "));
    }
    eprintln!("{:.1} s", start.elapsed().as_secs_f64());
}
