//! `render`: train a run exactly as `run` does, then draw the views the page shows of it,
//! with the same view code, as SVG files in a directory.

use super::args::RenderArgs;
use super::report::status_text;
use super::{setup, CliError};
use crate::train::{EpochStats, Telemetry, Trainer};
use crate::view::{
    draw_decision, draw_gradients, draw_loss, draw_network, draw_unit_health, point_marks,
    render_svg, DecisionOptions, DecisionView, GradientView, HeatmapMode, LossOptions, LossView,
    NetworkView, ScoreGrid, UnitHealthView, ViewError, YScale, MAX_CURVE_POINTS,
};
use std::io::Write;
use std::path::Path;

/// The files `render` writes into `--out`, in the order it writes them.
pub const RENDER_FILES: [&str; 5] = [
    "boundary.svg",
    "loss.svg",
    "gradients.svg",
    "health.svg",
    "network.svg",
];

// The page's canvas sizes (index.html), so each file looks like its panel on the page.
const BOUNDARY_SIZE: (u32, u32) = (440, 440);
const LOSS_SIZE: (u32, u32) = (520, 280);
const GRADIENT_SIZE: (u32, u32) = (520, 280);
const HEALTH_SIZE: (u32, u32) = (520, 240);
/// The page has no network panel: as wide as its charts, with room for a column of units.
const NETWORK_SIZE: (u32, u32) = (520, 320);
/// Side of the square decision grid: the page's `GRID_SIZE` (src/web/page, browser only).
pub const GRID_SIZE: usize = 100;

pub fn render(args: &RenderArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let setup::Prepared {
        mut trainer,
        epochs,
        ..
    } = setup::prepare(&args.run)?;
    // Checked before training, as `run --export` writes first: a bad directory should fail
    // before the wait, not after it.
    ready_dir(&args.out)?;
    let initial = trainer.evaluate();
    let mut telemetry = trainer.step(epochs);
    // The charts start at epoch 0, the untrained network, as the page's do.
    telemetry.epochs.insert(0, initial);
    let pictures = draw_all(&mut trainer, &telemetry)?;
    for (name, svg) in RENDER_FILES.iter().zip(&pictures) {
        let path = args.out.join(name);
        std::fs::write(&path, svg)
            .map_err(|e| CliError::input(format!("cannot write {}: {e}", path.display())))?;
        writeln!(out, "{}", path.display())?;
    }
    let status = telemetry.status;
    writeln!(
        out,
        "epoch {}, status: {} ({})",
        trainer.epoch(),
        status.name(),
        status_text(&status, telemetry.epochs.len())
    )?;
    Ok(())
}

/// Makes `dir` if it is missing, and makes sure the files can be written into it.
fn ready_dir(dir: &Path) -> Result<(), CliError> {
    let shown = dir.display();
    match std::fs::metadata(dir) {
        Ok(meta) if !meta.is_dir() => {
            return Err(CliError::input(format!(
                "--out {shown} exists and is not a directory"
            )))
        }
        Ok(_) => {}
        Err(_) => std::fs::create_dir_all(dir)
            .map_err(|e| CliError::input(format!("cannot create directory {shown}: {e}")))?,
    }
    for name in RENDER_FILES {
        let path = dir.join(name);
        if path.is_dir() {
            return Err(CliError::input(format!(
                "cannot write {}: it is a directory",
                path.display()
            )));
        }
    }
    // A directory can exist and still refuse files (permissions, a read-only mount).
    let probe = dir.join(format!(".nnlab-render-{}", std::process::id()));
    std::fs::write(&probe, b"")
        .map_err(|e| CliError::input(format!("cannot write into {shown}: {e}")))?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}

/// Every view as an SVG document, in the order of [`RENDER_FILES`]. Options are the page's
/// defaults: the heatmap drawn by the view (as SVG rectangles, where the page paints
/// pixels), training points only with mistakes ringed, a loss axis that goes logarithmic
/// past three decades. `telemetry` starts with the epoch 0 record when there is one.
pub fn draw_all(trainer: &mut Trainer, telemetry: &Telemetry) -> Result<Vec<String>, CliError> {
    let mut scores = Vec::new();
    trainer.decision_grid(GRID_SIZE, GRID_SIZE, &mut scores);
    let grid = ScoreGrid::new(GRID_SIZE, GRID_SIZE, &scores).map_err(draw_error("boundary"))?;
    let train = point_marks(&trainer.data().train, &grid);
    let test = point_marks(&trainer.data().test, &grid);
    let decision = DecisionView {
        grid,
        train: &train,
        test: &test,
    };
    let decision_options = DecisionOptions {
        heatmap: HeatmapMode::Cells,
        show_test: false,
        mark_misclassified: true,
    };
    let history = &telemetry.epochs;
    let steps = trainer.diverged_steps().cloned();
    let loss = LossView::from_history(history, &telemetry.status, MAX_CURVE_POINTS)
        .with_steps(steps.as_ref());
    let loss_options = LossOptions {
        y_scale: YScale::Auto,
    };
    let gradients =
        GradientView::from_history(history, MAX_CURVE_POINTS).with_steps(steps.as_ref());
    // The page shows the last epoch's unit statistics; before any epoch, the untrained net's.
    let latest: EpochStats = match history.last() {
        Some(stats) => stats.clone(),
        None => trainer.evaluate(),
    };
    let health = UnitHealthView::from_layers(trainer.mlp(), &latest.layers);
    let network = NetworkView::from_mlp(trainer.mlp());
    let views = [
        (
            "boundary",
            render_svg(BOUNDARY_SIZE, |a| {
                draw_decision(a, &decision, &decision_options)
            }),
        ),
        (
            "loss",
            render_svg(LOSS_SIZE, |a| draw_loss(a, &loss, &loss_options)),
        ),
        (
            "gradients",
            render_svg(GRADIENT_SIZE, |a| draw_gradients(a, &gradients)),
        ),
        (
            "health",
            render_svg(HEALTH_SIZE, |a| draw_unit_health(a, &health)),
        ),
        (
            "network",
            render_svg(NETWORK_SIZE, |a| draw_network(a, &network)),
        ),
    ];
    views
        .into_iter()
        .map(|(view, svg)| svg.map_err(draw_error(view)))
        .collect()
}

fn draw_error(view: &'static str) -> impl Fn(ViewError) -> CliError {
    move |e| CliError::input(format!("cannot draw the {view} view: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::args::RunArgs;

    fn render_to(dir: &Path, epochs: usize) -> Result<String, CliError> {
        let args = RenderArgs {
            run: RunArgs {
                scenario: Some("zero-init".into()),
                epochs: Some(epochs),
                ..Default::default()
            },
            out: dir.to_path_buf(),
        };
        let mut out = Vec::new();
        render(&args, &mut out)?;
        Ok(String::from_utf8(out).unwrap())
    }

    #[test]
    fn writes_every_file_and_says_so() {
        let dir = std::env::temp_dir().join(format!("nnlab-render-unit-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let text = render_to(&dir.join("nested"), 3).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), RENDER_FILES.len() + 1, "{text}");
        for (line, name) in lines.iter().zip(RENDER_FILES) {
            assert!(line.ends_with(name), "{line}");
            let svg = std::fs::read_to_string(line).unwrap();
            assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        }
        assert!(lines[5].starts_with("epoch 3, status: running"), "{text}");
        let names: Vec<String> = std::fs::read_dir(dir.join("nested"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), RENDER_FILES.len(), "no probe left: {names:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_file_in_the_way_is_an_input_error() {
        let file = std::env::temp_dir().join(format!("nnlab-render-file-{}", std::process::id()));
        std::fs::write(&file, "x").unwrap();
        let err = render_to(&file, 1).unwrap_err();
        assert_eq!(err.exit_code(), crate::cli::EXIT_INPUT);
        assert!(
            err.message.contains("is not a directory"),
            "{}",
            err.message
        );
        let err = render_to(&file.join("sub"), 1).unwrap_err();
        assert!(
            err.message.starts_with("cannot create directory"),
            "{}",
            err.message
        );
        let _ = std::fs::remove_file(&file);
    }
}
