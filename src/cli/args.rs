//! The command line, parsed by hand into plain data. Only shape is checked here (flags,
//! values present, numbers numeric, combinations sensible); ids and settings are checked
//! against the catalog and `Config` when the run is set up.

use super::setup::{CSV_TEST_FRACTION, DEFAULT_EPOCHS};
use super::{CliError, EXIT_INPUT, EXIT_USAGE};
use std::path::PathBuf;

/// Longest run the command line accepts: the catalog's budgets are a few hundred epochs, and
/// beyond this a typo (`--epochs 50000`) would just keep the terminal busy.
pub const MAX_EPOCHS: usize = 5000;

/// The `--help` text; limits and defaults come from their constants.
pub fn usage() -> String {
    format!(
        "\
nnlab - why isn't my network learning? Train a small MLP on 2-D toy data, headless.

Usage:
  nnlab list [--json]
  nnlab run [--scenario ID [--remedy ID]...] [--config FILE.json] [--data FILE.csv]
            [--bundle FILE.json] [--link URL] [--set KEY=VALUE]... [--epochs N]
            [--seed S] [--json] [--export FILE.json]
  nnlab render --out DIR [--scenario ID [--remedy ID]...] [--config FILE.json]
               [--data FILE.csv] [--bundle FILE.json] [--link URL]
               [--set KEY=VALUE]... [--epochs N] [--seed S]
  nnlab --help

Commands:
  list             the failure scenarios and their remedies
  run              train and print a table (or one JSON document with --json)
  render           train as `run` does, then draw the page's views as SVG files

Run options:
  --scenario ID    start from a scenario's failing config (see `nnlab list`)
  --remedy ID      apply one of the scenario's remedies; repeat for several
  --config FILE    start from a config in a JSON file (instead of a scenario)
  --data FILE      train on your points: CSV rows x,y,label with label 0 or 1;
                   {held_out}% of them are held out as the test set
  --bundle FILE    replay a run bundle: its config, data and initial weights
  --link URL       run what a share link describes (a full URL or its ?query);
                   parts of it that cannot be used are reported as warnings
  --set KEY=VALUE  change one setting, e.g. train.learning_rate=0.01 or
                   model.hidden_layers=8,8; repeat for several
  --epochs N       epochs to train (default: the scenario's budget, else {DEFAULT_EPOCHS};
                   at most {MAX_EPOCHS})
  --seed S         the seed for data, initial weights and shuffling
  --json           print one JSON document instead of a table
  --export FILE    write the run as a bundle: config, data as trained, initial weights

Render options: the run options above but --json and --export, and
  --out DIR        write the page's views after the last epoch into DIR (made if
                   missing): boundary.svg, loss.svg, gradients.svg, health.svg and
                   network.svg; prints each path, then the epoch and the status

Exit status: 0 success, {EXIT_INPUT} an input file could not be used, {EXIT_USAGE} a bad command line.
",
        held_out = CSV_TEST_FRACTION * 100.0
    )
}

#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    Help,
    List { json: bool },
    Run(Box<RunArgs>),
    Render(Box<RenderArgs>),
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunArgs {
    pub scenario: Option<String>,
    pub remedies: Vec<String>,
    pub config: Option<PathBuf>,
    pub data: Option<PathBuf>,
    pub bundle: Option<PathBuf>,
    /// A share link (URL or query) giving the scenario, remedies, settings and seed.
    pub link: Option<String>,
    /// `--set` edits in command-line order: later ones win.
    pub sets: Vec<(String, String)>,
    pub epochs: Option<usize>,
    pub seed: Option<u64>,
    pub json: bool,
    pub export: Option<PathBuf>,
}

/// `render`: a run given as to `run` (without `--json` and `--export`), and where its
/// pictures go.
#[derive(Clone, Debug, PartialEq)]
pub struct RenderArgs {
    pub run: RunArgs,
    pub out: PathBuf,
}

pub fn parse(argv: &[String]) -> Result<Command, CliError> {
    let Some((command, rest)) = argv.split_first() else {
        return Err(CliError::usage(
            "no command given: use `nnlab list`, `nnlab run` or `nnlab render` (see nnlab --help)",
        ));
    };
    if rest.iter().any(|a| a == "--help" || a == "-h") {
        return Ok(Command::Help);
    }
    match command.as_str() {
        "--help" | "-h" | "help" => Ok(Command::Help),
        "list" => parse_list(rest),
        "run" => parse_run(rest).map(|r| Command::Run(Box::new(r))),
        "render" => parse_render(rest).map(|r| Command::Render(Box::new(r))),
        other => Err(CliError::usage(format!(
            "unknown command '{other}': use `list`, `run` or `render` (see nnlab --help)"
        ))),
    }
}

fn parse_list(rest: &[String]) -> Result<Command, CliError> {
    let mut json = false;
    for arg in rest {
        match arg.as_str() {
            "--json" => json = true,
            other => return Err(unknown("list", other)),
        }
    }
    Ok(Command::List { json })
}

fn unknown(command: &str, arg: &str) -> CliError {
    if arg.starts_with('-') {
        CliError::usage(format!(
            "unknown option '{arg}' for `{command}` (see nnlab --help)"
        ))
    } else {
        CliError::usage(format!("unexpected argument '{arg}' for `{command}`"))
    }
}

/// Flags of `run` that take a value.
const VALUE_FLAGS: [&str; 10] = [
    "--scenario",
    "--remedy",
    "--config",
    "--data",
    "--bundle",
    "--link",
    "--export",
    "--set",
    "--epochs",
    "--seed",
];

/// Flags of `render` that take a value: `run`'s that say which run, and where to draw it.
const RENDER_FLAGS: [&str; 10] = [
    "--scenario",
    "--remedy",
    "--config",
    "--data",
    "--bundle",
    "--link",
    "--set",
    "--epochs",
    "--seed",
    "--out",
];

/// Walks `command`'s arguments: each of `valued` is `--flag value` or `--flag=value` and
/// reaches `take` with its value; each of `switches` takes no value and reaches it with none.
fn walk(
    command: &str,
    rest: &[String],
    switches: &[&str],
    valued: &[&str],
    mut take: impl FnMut(&str, Option<String>) -> Result<(), CliError>,
) -> Result<(), CliError> {
    let mut words = rest.iter();
    while let Some(word) = words.next() {
        let (flag, inline) = match word.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v)),
            _ => (word.as_str(), None),
        };
        if switches.contains(&flag) {
            if inline.is_some() {
                return Err(CliError::usage(format!("{flag} takes no value")));
            }
            take(flag, None)?;
            continue;
        }
        if !valued.contains(&flag) {
            return Err(unknown(command, flag));
        }
        let value = match inline {
            Some(v) => v.to_string(),
            None => take_value(flag, words.next())?,
        };
        take(flag, Some(value))?;
    }
    Ok(())
}

fn parse_run(rest: &[String]) -> Result<RunArgs, CliError> {
    let mut run = RunArgs::default();
    walk(
        "run",
        rest,
        &["--json"],
        &VALUE_FLAGS,
        |flag, value| match value {
            Some(value) => apply_flag(&mut run, flag, value),
            None => {
                run.json = true;
                Ok(())
            }
        },
    )?;
    check_combination(&run)?;
    Ok(run)
}

fn parse_render(rest: &[String]) -> Result<RenderArgs, CliError> {
    let mut run = RunArgs::default();
    let mut out: Option<PathBuf> = None;
    walk("render", rest, &[], &RENDER_FLAGS, |flag, value| {
        match (flag, value) {
            ("--out", Some(dir)) if dir.trim().is_empty() => {
                Err(CliError::usage("--out needs a directory, got ''"))
            }
            ("--out", Some(dir)) => set_once(&mut out, flag, dir.into()),
            (_, Some(value)) => apply_flag(&mut run, flag, value),
            (_, None) => Err(unknown("render", flag)),
        }
    })?;
    check_combination(&run)?;
    let out = out.ok_or_else(|| {
        CliError::usage("render needs --out DIR: the directory to write the SVG files into")
    })?;
    Ok(RenderArgs { run, out })
}

/// The next argument is the flag's value, unless it is absent or is itself a flag.
fn take_value(flag: &str, next: Option<&String>) -> Result<String, CliError> {
    match next {
        Some(v) if !v.starts_with("--") => Ok(v.clone()),
        _ => Err(CliError::usage(format!("{flag} needs a value"))),
    }
}

fn apply_flag(run: &mut RunArgs, flag: &str, value: String) -> Result<(), CliError> {
    match flag {
        "--scenario" => set_once(&mut run.scenario, flag, value),
        "--remedy" => {
            run.remedies.push(value);
            Ok(())
        }
        "--config" => set_once(&mut run.config, flag, value.into()),
        "--data" => set_once(&mut run.data, flag, value.into()),
        "--bundle" => set_once(&mut run.bundle, flag, value.into()),
        "--link" => set_once(&mut run.link, flag, value),
        "--export" => set_once(&mut run.export, flag, value.into()),
        "--set" => {
            let (key, v) = value
                .split_once('=')
                .ok_or_else(|| CliError::usage(format!("--set needs KEY=VALUE, got '{value}'")))?;
            run.sets
                .push((key.trim().to_string(), v.trim().to_string()));
            Ok(())
        }
        "--epochs" => set_once(&mut run.epochs, flag, parse_epochs(&value)?),
        "--seed" => set_once(&mut run.seed, flag, parse_seed(&value)?),
        _ => Err(unknown("run", flag)),
    }
}

fn set_once<T>(slot: &mut Option<T>, flag: &str, value: T) -> Result<(), CliError> {
    if slot.is_some() {
        return Err(CliError::usage(format!("{flag} given twice")));
    }
    *slot = Some(value);
    Ok(())
}

pub fn parse_epochs(text: &str) -> Result<usize, CliError> {
    let n: usize = text
        .parse()
        .map_err(|_| CliError::usage(format!("--epochs must be a whole number, got '{text}'")))?;
    if n > MAX_EPOCHS {
        return Err(CliError::usage(format!(
            "--epochs must be in 0..={MAX_EPOCHS}, got {n}"
        )));
    }
    Ok(n)
}

/// Range is left to `Config::validate`, which owns the seed's limit.
pub fn parse_seed(text: &str) -> Result<u64, CliError> {
    text.parse().map_err(|_| {
        CliError::usage(format!(
            "--seed must be a whole number of at least 0, got '{text}'"
        ))
    })
}

/// Each run has one starting config and one source of data.
fn check_combination(run: &RunArgs) -> Result<(), CliError> {
    let conflict = |a: &str, b: &str| {
        Err(CliError::usage(format!(
            "{a} and {b} cannot be combined: each gives the starting config"
        )))
    };
    if run.scenario.is_some() && run.config.is_some() {
        return conflict("--scenario", "--config");
    }
    if run.link.is_some() {
        let others = [
            ("--scenario", run.scenario.is_some()),
            ("--config", run.config.is_some()),
            ("--bundle", run.bundle.is_some()),
        ];
        if let Some((flag, _)) = others.iter().find(|(_, given)| *given) {
            return conflict("--link", flag);
        }
        if !run.remedies.is_empty() {
            return Err(CliError::usage(
                "--link and --remedy cannot be combined: the link names its remedies",
            ));
        }
    }
    if run.bundle.is_some() {
        if run.scenario.is_some() {
            return conflict("--bundle", "--scenario");
        }
        if run.config.is_some() {
            return conflict("--bundle", "--config");
        }
        if run.data.is_some() {
            return Err(CliError::usage(
                "--bundle and --data cannot be combined: each gives the data",
            ));
        }
    }
    if !run.remedies.is_empty() && run.scenario.is_none() {
        return Err(CliError::usage(
            "--remedy needs --scenario: remedies belong to a scenario",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<String> {
        line.split_whitespace().map(String::from).collect()
    }

    fn run(line: &str) -> RunArgs {
        match parse(&args(line)).unwrap() {
            Command::Run(r) => *r,
            other => panic!("expected run, got {other:?}"),
        }
    }

    fn error(line: &str) -> String {
        parse(&args(line)).unwrap_err().message
    }

    #[test]
    fn run_flags_fill_their_fields_in_either_form() {
        let r = run(
            "run --scenario lr-too-high --remedy adam --remedy=lower-lr --epochs 7 \
                     --seed=3 --set train.l2=0.01 --set=model.hidden_layers=4,4 --json",
        );
        assert_eq!(r.scenario.as_deref(), Some("lr-too-high"));
        assert_eq!(r.remedies, ["adam", "lower-lr"]);
        assert_eq!((r.epochs, r.seed, r.json), (Some(7), Some(3), true));
        assert_eq!(
            r.sets,
            [
                ("train.l2".to_string(), "0.01".to_string()),
                ("model.hidden_layers".to_string(), "4,4".to_string())
            ]
        );
    }

    #[test]
    fn files_and_negative_looking_values_are_taken_as_values() {
        let r = run("run --bundle b.json --export out.json --seed 0");
        assert_eq!(r.bundle, Some(PathBuf::from("b.json")));
        assert_eq!(r.export, Some(PathBuf::from("out.json")));
        assert!(error("run --seed -1").contains("got '-1'"));
    }

    #[test]
    fn help_list_and_commands() {
        assert_eq!(parse(&args("--help")).unwrap(), Command::Help);
        assert_eq!(parse(&args("run --epochs 3 -h")).unwrap(), Command::Help);
        assert_eq!(
            parse(&args("list --json")).unwrap(),
            Command::List { json: true }
        );
        assert!(error("").contains("no command"));
        assert!(error("train").contains("unknown command 'train'"));
    }

    #[test]
    fn bad_flags_and_values_name_the_problem() {
        let cases = [
            ("run --speed 3", "unknown option '--speed' for `run`"),
            ("run extra", "unexpected argument 'extra'"),
            ("list --all", "unknown option '--all' for `list`"),
            ("run --epochs", "--epochs needs a value"),
            ("run --scenario --json", "--scenario needs a value"),
            (
                "run --epochs ten",
                "--epochs must be a whole number, got 'ten'",
            ),
            (
                "run --epochs 5001",
                "--epochs must be in 0..=5000, got 5001",
            ),
            ("run --set lr", "--set needs KEY=VALUE, got 'lr'"),
            ("run --epochs 3 --epochs 4", "--epochs given twice"),
            ("run --json=yes", "--json takes no value"),
            ("run --speed", "unknown option '--speed'"),
        ];
        for (line, want) in cases {
            let got = error(line);
            assert!(got.contains(want), "{line}: got '{got}', want '{want}'");
        }
    }

    #[test]
    fn conflicting_sources_are_rejected() {
        assert!(error("run --scenario a --config c.json").contains("cannot be combined"));
        assert!(error("run --bundle b --scenario a").contains("--bundle and --scenario"));
        assert!(error("run --bundle b --data d.csv").contains("each gives the data"));
        assert!(error("run --remedy adam").contains("--remedy needs --scenario"));
        for other in ["--scenario a", "--config c.json", "--bundle b.json"] {
            let flag = other.split(' ').next().unwrap();
            assert!(
                error(&format!("run --link v=1 {other}"))
                    .contains(&format!("--link and {flag} cannot be combined")),
                "{other}"
            );
        }
        assert!(error("run --link v=1 --remedy adam").contains("the link names its remedies"));
    }

    fn render(line: &str) -> RenderArgs {
        match parse(&args(line)).unwrap() {
            Command::Render(r) => *r,
            other => panic!("expected render, got {other:?}"),
        }
    }

    #[test]
    fn render_takes_the_run_flags_that_pick_a_run_and_an_out_dir() {
        let r = render("render --scenario lr-too-high --remedy adam --seed 4 --epochs=9 --out=d");
        assert_eq!(r.out, PathBuf::from("d"));
        assert_eq!(r.run.scenario.as_deref(), Some("lr-too-high"));
        assert_eq!((r.run.epochs, r.run.seed), (Some(9), Some(4)));
        assert_eq!(r.run.remedies, ["adam"]);
        let url = "https://example.org/?v=1&s=zero-init";
        assert_eq!(
            render(&format!("render --link {url} --out d"))
                .run
                .link
                .as_deref(),
            Some(url)
        );
        assert_eq!(
            parse(&args("render --out d --help")).unwrap(),
            Command::Help
        );
    }

    #[test]
    fn render_rejects_what_run_rejects_and_needs_an_out_dir() {
        let cases = [
            ("render --scenario a", "render needs --out DIR"),
            ("render --out", "--out needs a value"),
            ("render --out=", "--out needs a directory"),
            ("render --out a --out b", "--out given twice"),
            (
                "render --out d --json",
                "unknown option '--json' for `render`",
            ),
            (
                "render --out d --export b.json",
                "unknown option '--export'",
            ),
            (
                "render --out d --epochs 5001",
                "--epochs must be in 0..=5000, got 5001",
            ),
            (
                "render --out d --epochs x",
                "--epochs must be a whole number",
            ),
            (
                "render --out d --link v=1 --scenario a",
                "--link and --scenario",
            ),
            ("render --out d --remedy adam", "--remedy needs --scenario"),
            ("render d", "unexpected argument 'd' for `render`"),
        ];
        for (line, want) in cases {
            let got = error(line);
            assert!(got.contains(want), "{line}: got '{got}', want '{want}'");
        }
    }

    #[test]
    fn usage_names_render_and_its_files() {
        let text = usage();
        assert!(text.contains("nnlab render --out DIR"));
        for name in crate::cli::render::RENDER_FILES {
            assert!(text.contains(name), "{name}");
        }
        assert!(text.lines().all(|l| l.chars().count() <= 90), "{text}");
    }

    #[test]
    fn a_link_is_taken_whole_in_either_form() {
        let url = "https://example.org/?v=1&s=zero-init&r=random-init";
        assert_eq!(run(&format!("run --link {url}")).link.as_deref(), Some(url));
        assert_eq!(run(&format!("run --link={url}")).link.as_deref(), Some(url));
        assert!(error("run --link v=1 --link v=1").contains("--link given twice"));
    }
}
