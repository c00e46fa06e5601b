//! Prints each scenario's symptom and each remedy's outcome over seeds 1..=5 (or 1..=N with
//! `--seeds N`): whether the symptom shows (SYM), the measured symptom value, and the final
//! test accuracy, with the range over the seeds. A tuning aid for the catalog.
//!
//! `cargo run --release --example contracts [--seeds N] [scenario-id...]`
use nnlab::scenario::{catalog, run_scenario};

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut seeds = 5;
    if let Some(i) = args.iter().position(|a| a == "--seeds") {
        seeds = args
            .get(i + 1)
            .and_then(|n| n.parse().ok())
            .expect("--seeds N");
        args.drain(i..i + 2);
    }
    for s in catalog::all() {
        if !args.is_empty() && !args.iter().any(|o| o == s.id) {
            continue;
        }
        println!("== {} ({} epochs, {:?})", s.id, s.epochs, s.symptom);
        let mut variants: Vec<Option<&str>> = vec![None];
        variants.extend(s.remedies.iter().map(|r| Some(r.id)));
        for v in variants {
            let mut line = format!("  {:15}", v.unwrap_or("FAILURE"));
            let (mut lo, mut hi, mut shown) = (f64::INFINITY, f64::NEG_INFINITY, 0);
            for seed in 1..=seeds {
                let out = run_scenario(s, v.as_slice(), seed).unwrap();
                let sym = out.symptom(s).is_some();
                let value = s.symptom.measure(&out.history, &out.final_stats);
                let acc = out.final_stats.test.accuracy;
                (lo, hi, shown) = (lo.min(acc), hi.max(acc), shown + usize::from(sym));
                line += &format!(
                    " | {} {:>9} {:.3} {}",
                    if sym { "SYM" } else { "ok " },
                    value.map_or("-".into(), |x| format!("{x:.2e}")),
                    acc,
                    &out.status.name()[..3]
                );
            }
            line += &format!("  [SYM {shown}/{seeds}, test {lo:.3}-{hi:.3}");
            if let Some(r) = v.and_then(|id| s.remedy(id)) {
                line += &format!(", need ≥{:.2}", r.min_test_accuracy);
            }
            println!("{line}]");
        }
    }
}
