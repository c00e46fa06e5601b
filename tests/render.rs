//! The real `nnlab render`: five SVG files drawn from the run a link describes, the same
//! bytes every time for the same link, and a one-line error with a non-zero exit for each
//! kind of bad input.

use std::path::{Path, PathBuf};

const FILES: [&str; 5] = [
    "boundary.svg",
    "loss.svg",
    "gradients.svg",
    "health.svg",
    "network.svg",
];
const LINK: &str = "?v=1&s=sigmoid-stack&seed=3";
/// The side of the decision grid: the heatmap has at least a rectangle per row.
const GRID_ROWS: usize = 100;

mod common;
use common::nnlab;

/// A path for one test's output that does not exist yet (its parent does).
fn fresh(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nnlab-render-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_file(&dir);
    dir
}

/// Renders into `dir` and returns stdout, failing the test on any error or warning.
fn render(dir: &Path, run: &[&str]) -> String {
    let dir = dir.display().to_string();
    let mut args = vec!["render", "--out", &dir];
    args.extend_from_slice(run);
    let out = nnlab(&args);
    assert_eq!(out.code, 0, "nnlab {args:?} failed: {}", out.stderr);
    assert!(out.stderr.is_empty(), "stderr: {}", out.stderr);
    out.stdout
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// One whole SVG document: a single root, opened first and closed last.
fn assert_svg(name: &str, text: &str) {
    let body = text.trim();
    assert!(
        body.starts_with("<svg") || body.starts_with("<?xml"),
        "{name} does not start as SVG: {}",
        &body[..body.len().min(80)]
    );
    assert!(body.ends_with("</svg>"), "{name} does not end with </svg>");
    assert_eq!(body.matches("<svg").count(), 1, "{name}: one root");
    assert_eq!(body.matches("</svg>").count(), 1, "{name}: one root");
    assert!(body.contains("viewBox="), "{name} has no viewBox");
}

/// The elements named `tag`, each as its text from `<tag` to the next `>`.
fn elements<'a>(svg: &'a str, tag: &str) -> Vec<&'a str> {
    let open = format!("<{tag} ");
    svg.match_indices(&open)
        .map(|(i, _)| &svg[i..i + svg[i..].find('>').unwrap_or(svg.len() - i)])
        .collect()
}

fn attribute<'a>(element: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = element.find(&key)? + key.len();
    let len = element[start..].find('"')?;
    Some(&element[start..start + len])
}

/// Coordinate pairs of the longest polyline or path.
fn longest_line(svg: &str) -> usize {
    let polylines = elements(svg, "polyline")
        .into_iter()
        .filter_map(|e| attribute(e, "points"))
        .map(|p| p.split_whitespace().count());
    let paths = elements(svg, "path")
        .into_iter()
        .filter_map(|e| attribute(e, "d"))
        .map(|d| d.matches(|c: char| c.is_ascii_alphabetic()).count());
    polylines.chain(paths).max().unwrap_or(0)
}

/// Rectangles painted with a colour other than the white background.
fn coloured_rects(svg: &str) -> usize {
    elements(svg, "rect")
        .into_iter()
        .filter(|e| {
            attribute(e, "fill").is_some_and(|f| f != "none" && !f.eq_ignore_ascii_case("#ffffff"))
        })
        .count()
}

#[test]
fn a_link_renders_five_svg_views_and_says_where() {
    let dir = fresh("five");
    let stdout = render(&dir.join("nested"), &["--link", LINK, "--epochs", "20"]);
    let dir = dir.join("nested");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), FILES.len() + 1, "{stdout}");
    for (line, name) in lines.iter().zip(FILES) {
        assert_eq!(Path::new(line), dir.join(name), "{stdout}");
    }
    assert!(
        lines[FILES.len()].starts_with("epoch 20, status: running"),
        "{stdout}"
    );
    for name in FILES {
        assert_svg(name, &read(&dir, name));
    }
    let mut present: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    present.sort();
    let mut want: Vec<&str> = FILES.to_vec();
    want.sort();
    assert_eq!(present, want, "exactly the five files, no leftovers");

    let loss = read(&dir, "loss.svg");
    assert!(
        longest_line(&loss) >= 20,
        "the loss curve has a point per epoch: longest line {}",
        longest_line(&loss)
    );
    let boundary = read(&dir, "boundary.svg");
    assert!(
        coloured_rects(&boundary) >= GRID_ROWS,
        "the heatmap is drawn as rectangles: {} coloured",
        coloured_rects(&boundary)
    );
    let config = nnlab::scenario::catalog::find("sigmoid-stack")
        .unwrap()
        .config(&[], 3)
        .unwrap();
    let circles = elements(&boundary, "circle").len();
    assert!(
        circles >= config.data.train_size,
        "a circle per training point: {circles} for {}",
        config.data.train_size
    );
    assert!(boundary.contains("<text"), "the boundary has axis labels");
}

#[test]
fn the_same_link_renders_the_same_bytes_and_another_seed_does_not() {
    let (a, b, c) = (fresh("same-a"), fresh("same-b"), fresh("other-seed"));
    render(&a, &["--link", LINK, "--epochs", "20"]);
    render(&b, &["--link", LINK, "--epochs", "20"]);
    render(
        &c,
        &["--link", "?v=1&s=sigmoid-stack&seed=4", "--epochs", "20"],
    );
    for name in FILES {
        assert!(
            read(&a, name) == read(&b, name),
            "{name} differs between runs"
        );
    }
    assert!(
        read(&a, "boundary.svg") != read(&c, "boundary.svg"),
        "seeds 3 and 4 drew the same boundary"
    );
}

#[test]
fn a_link_renders_exactly_what_the_equivalent_flags_render() {
    let (by_link, by_flags) = (fresh("by-link"), fresh("by-flags"));
    let link = "https://example.org/nnlab/?v=1&s=sigmoid-stack&r=relu,he-init&seed=7&lr=0.03";
    render(&by_link, &["--link", link, "--epochs", "15"]);
    render(
        &by_flags,
        &[
            "--scenario",
            "sigmoid-stack",
            "--remedy",
            "relu",
            "--remedy",
            "he-init",
            "--seed",
            "7",
            "--set",
            "train.learning_rate=0.03",
            "--epochs",
            "15",
        ],
    );
    for name in FILES {
        assert!(
            read(&by_link, name) == read(&by_flags, name),
            "{name} differs"
        );
    }
}

#[test]
fn epochs_default_to_the_scenario_budget_and_files_are_overwritten() {
    let dir = fresh("budget");
    render(&dir, &["--link", LINK, "--epochs", "3"]);
    let short = read(&dir, "loss.svg");
    let stdout = render(&dir, &["--link", "s=zero-init&r=random-init"]);
    let budget = nnlab::scenario::catalog::find("zero-init").unwrap().epochs;
    let last = stdout.lines().last().unwrap();
    assert!(
        last.starts_with(&format!("epoch {budget}, status: ")),
        "{last}"
    );
    assert!(read(&dir, "loss.svg") != short, "loss.svg was rewritten");
}

#[test]
fn bad_parts_of_a_link_are_warnings_as_for_run() {
    let dir = fresh("warned");
    let shown = dir.display().to_string();
    let out = nnlab(&[
        "render",
        "--link",
        "v=1&s=sigmoid-stack&lr=abc&speed=3",
        "--epochs",
        "2",
        "--out",
        &shown,
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // The fallback rate is the scenario's own, so only the start of that warning is fixed.
    let warnings: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(warnings.len(), 2, "{}", out.stderr);
    assert_eq!(warnings[0], "warning: unknown link key 'speed' is ignored");
    assert!(
        warnings[1].starts_with("warning: learning rate 'abc' is not a number; using "),
        "{}",
        warnings[1]
    );
    assert_eq!(out.stdout.lines().count(), FILES.len() + 1);
    for name in FILES {
        assert_svg(name, &read(&dir, name));
    }
}

#[test]
fn bad_input_gives_one_line_error_and_nonzero_exit() {
    let parent = fresh("bad");
    std::fs::create_dir_all(&parent).unwrap();
    let file = parent.join("a-file");
    std::fs::write(&file, "not a directory").unwrap();
    let file = file.display().to_string();
    let under_file = format!("{file}/sub");
    let in_way = parent.join("in-the-way");
    std::fs::create_dir_all(in_way.join("loss.svg")).unwrap();
    let in_way = in_way.display().to_string();
    let unused = parent.join("never-made");
    let unused_text = unused.display().to_string();
    let out = ["--out", unused_text.as_str()];
    let with_out = |rest: &[&'static str]| {
        let mut a = vec!["render"];
        a.extend_from_slice(rest);
        a.extend_from_slice(&out);
        a
    };
    let cases: Vec<(Vec<&str>, &str, i32)> = vec![
        (vec!["render", "--link", LINK], "render needs --out DIR", 2),
        (vec!["render", "--out"], "--out needs a value", 2),
        (
            with_out(&["--epochs", "ten"]),
            "--epochs must be a whole number, got 'ten'",
            2,
        ),
        (
            with_out(&["--epochs", "1000000"]),
            "--epochs must be in 0..=5000, got 1000000",
            2,
        ),
        (
            with_out(&["--epochs", "99999999999999999999999"]),
            "--epochs must be a whole number",
            2,
        ),
        (with_out(&["--link"]), "--link needs a value", 2),
        (
            with_out(&["--link", LINK, "--scenario", "zero-init"]),
            "--link and --scenario cannot be combined",
            2,
        ),
        (
            with_out(&["--scenario", "nope"]),
            "unknown scenario 'nope'",
            2,
        ),
        (
            with_out(&["--json"]),
            "unknown option '--json' for `render`",
            2,
        ),
        (
            with_out(&["--set", "train.learning_rate=-3"]),
            "train.learning_rate must be in (0, 10], got -3",
            2,
        ),
        (
            vec!["render", "--epochs", "1", "--out", &file],
            "exists and is not a directory",
            1,
        ),
        (
            vec!["render", "--epochs", "1", "--out", &under_file],
            "cannot create directory",
            1,
        ),
        (
            vec!["render", "--epochs", "1", "--out", &in_way],
            "loss.svg: it is a directory",
            1,
        ),
    ];
    for (args, want, code) in cases {
        let out = nnlab(&args);
        assert_eq!(out.code, code, "nnlab {args:?}: {}", out.stderr);
        assert!(
            out.stdout.is_empty(),
            "nnlab {args:?} printed: {}",
            out.stdout
        );
        assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
        let lines: Vec<&str> = out.stderr.lines().collect();
        assert_eq!(lines.len(), 1, "nnlab {args:?}: {}", out.stderr);
        assert!(
            lines[0].starts_with("error: ") && lines[0].contains(want),
            "nnlab {args:?}: got '{}', want '{want}'",
            lines[0]
        );
    }
    assert!(
        !unused.exists(),
        "a bad command line made the --out directory"
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "not a directory",
        "the file in the way is untouched"
    );
}

/// A directory that exists but refuses new files: a read-only one, or for a user who may
/// write anywhere (root), /proc/self on Linux.
#[cfg(unix)]
fn refusing_dir() -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let dir = fresh("read-only");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    let probe = dir.join("probe");
    if std::fs::write(&probe, "").is_err() {
        return Some(dir);
    }
    let _ = std::fs::remove_file(&probe);
    let proc_self = PathBuf::from("/proc/self");
    (proc_self.is_dir() && std::fs::write(proc_self.join("probe"), "").is_err())
        .then_some(proc_self)
}

#[cfg(unix)]
#[test]
fn a_directory_that_refuses_files_is_an_error_before_training() {
    let Some(dir) = refusing_dir() else {
        eprintln!("skipped: no directory here refuses files");
        return;
    };
    let shown = dir.display().to_string();
    let out = nnlab(&["render", "--epochs", "1", "--out", &shown]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(
        out.stderr
            .starts_with(&format!("error: cannot write into {shown}: ")),
        "{}",
        out.stderr
    );
}
