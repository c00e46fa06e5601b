//! The commands: `list` the catalog, `run` a training and report it.

use super::args::RunArgs;
use super::report::{self, RunFacts};
use super::{setup, table, CliError};
use crate::bundle::Bundle;
use crate::scenario::{catalog, RunOutcome, Symptom};
use serde::Serialize;
use std::io::Write;

#[derive(Serialize)]
struct ScenarioEntry {
    id: &'static str,
    title: &'static str,
    explanation: &'static str,
    epochs: usize,
    symptom: Symptom,
    remedies: Vec<RemedyEntry>,
}

#[derive(Serialize)]
struct RemedyEntry {
    id: &'static str,
    label: &'static str,
    why: &'static str,
}

pub fn list(json: bool, out: &mut dyn Write) -> Result<(), CliError> {
    let entries: Vec<ScenarioEntry> = catalog::all()
        .iter()
        .map(|s| ScenarioEntry {
            id: s.id,
            title: s.title,
            explanation: s.explanation,
            epochs: s.epochs,
            symptom: s.symptom,
            remedies: s
                .remedies
                .iter()
                .map(|r| RemedyEntry {
                    id: r.id,
                    label: r.label,
                    why: r.why,
                })
                .collect(),
        })
        .collect();
    if json {
        return write_json(&entries, out);
    }
    for s in &entries {
        writeln!(out, "{}: {} ({} epochs)", s.id, s.title, s.epochs)?;
        for r in &s.remedies {
            writeln!(out, "    {:<16} {}. {}", r.id, r.label, r.why)?;
        }
    }
    Ok(())
}

fn write_json<T: Serialize>(value: &T, out: &mut dyn Write) -> Result<(), CliError> {
    serde_json::to_writer_pretty(&mut *out, value)
        .map_err(|e| CliError::input(format!("cannot write output: {e}")))?;
    writeln!(out)?;
    Ok(())
}

pub fn run(args: &RunArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let setup::Prepared {
        mut trainer,
        epochs,
        scenario,
        remedies,
        source,
        origin,
    } = setup::prepare(args)?;
    // Written before training: the bundle is the run's starting point, and a bad path
    // should fail before the wait, not after it.
    if let Some(path) = &args.export {
        std::fs::write(path, Bundle::from_trainer(&trainer).to_json())
            .map_err(|e| CliError::input(format!("cannot write bundle {}: {e}", path.display())))?;
    }
    let points = (trainer.data().train.len(), trainer.data().test.len());
    let initial = trainer.evaluate();
    let telemetry = trainer.step(epochs);
    let outcome = RunOutcome {
        config: trainer.config().clone(),
        initial,
        history: telemetry.epochs,
        final_stats: trainer.evaluate(),
        status: telemetry.status,
        diverged_steps: trainer.diverged_steps().cloned(),
    };
    let facts = RunFacts {
        outcome: &outcome,
        scenario,
        remedies: &remedies,
        source: &source,
        origin: &origin,
        points,
    };
    if args.json {
        return Ok(out.write_all(report::build(&facts).to_json().as_bytes())?);
    }
    table::write(&facts, out)?;
    if let Some(path) = &args.export {
        writeln!(out, "bundle: written to {}", path.display())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_to_text(args: &RunArgs) -> String {
        let mut out = Vec::new();
        run(args, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn list_prints_each_remedy_under_its_scenario() {
        let mut out = Vec::new();
        list(false, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let remedies: usize = catalog::all().iter().map(|s| s.remedies.len()).sum();
        assert_eq!(text.lines().count(), catalog::all().len() + remedies);
        assert!(text.starts_with("lr-too-high: Learning rate too high"));
    }

    #[test]
    fn run_json_is_one_document_with_an_epoch_per_line() {
        let args = RunArgs {
            scenario: Some("zero-init".into()),
            epochs: Some(2),
            json: true,
            ..Default::default()
        };
        let text = run_to_text(&args);
        let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            doc["epochs"].as_array().unwrap().len(),
            3,
            "epochs 0, 1 and 2"
        );
        assert_eq!(doc["epochs"][0]["epoch"], 0);
        // The untrained network has taken no step: no gradient to report.
        assert!(doc["epochs"][0]["layers"][0].get("grad_norm").is_none());
        assert!(doc["epochs"][1]["layers"][0]["grad_norm"].is_number());
        assert!(doc["summary"]["final"]["layers"][0]
            .get("update_ratio")
            .is_none());
        assert_eq!(doc["summary"]["epochs_run"], 2);
        let epoch_lines = text
            .lines()
            .filter(|l| l.starts_with("{\"epoch\":"))
            .count();
        assert_eq!(epoch_lines, 3);
    }

    #[test]
    fn run_table_ends_with_the_summary() {
        let args = RunArgs {
            epochs: Some(2),
            ..Default::default()
        };
        let text = run_to_text(&args);
        let last: Vec<&str> = text.lines().rev().take(3).collect();
        assert!(last[2].starts_with("status: running"));
        assert!(last[1].starts_with("final: train loss"));
        assert!(last[0].starts_with("symptom: none checked"));
    }
}
