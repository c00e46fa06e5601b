//! Prints each scenario's symptom and each remedy's outcome over seeds 1..=5 (tuning aid).
use nnlab::scenario::{catalog, run_scenario};
fn main() {
    let only: Vec<String> = std::env::args().skip(1).collect();
    for s in catalog::all() {
        if !only.is_empty() && !only.iter().any(|o| o == s.id) {
            continue;
        }
        println!("== {} ({} epochs)", s.id, s.epochs);
        let mut variants: Vec<Option<&str>> = vec![None];
        variants.extend(s.remedies.iter().map(|r| Some(r.id)));
        for v in variants {
            let mut line = format!("  {:16}", v.unwrap_or("FAILURE"));
            for seed in 1..=5 {
                let out = run_scenario(s, v.as_slice(), seed).unwrap();
                let sym = out.symptom(s);
                line += &format!(
                    " | {} acc {:.2} tr {:.2} {}",
                    if sym.is_some() { "SYM" } else { "ok " },
                    out.final_stats.test.accuracy,
                    out.final_stats.train.accuracy,
                    &out.status.name()[..3]
                );
            }
            if let Some(r) = v.and_then(|id| s.remedy(id)) {
                line += &format!("  (need ≥{:.2})", r.min_test_accuracy);
            }
            println!("{line}");
        }
    }
}
