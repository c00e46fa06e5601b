use nnlab::scenario::Config;
use nnlab::train::Trainer;
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut c = Config::default();
    let mut epochs = 200;
    for a in &args {
        let (k, v) = a.split_once('=').unwrap();
        if k == "epochs" {
            epochs = v.parse().unwrap();
            continue;
        }
        c.set(k, v).unwrap();
    }
    let mut t = Trainer::new(&c).unwrap();
    let start = std::time::Instant::now();
    let tel = t.step(epochs);
    let el = start.elapsed().as_secs_f64();
    for s in tel
        .epochs
        .iter()
        .step_by((epochs / 10).max(1))
        .chain(tel.epochs.last())
    {
        println!("ep {:5} lr {:.4} train {:.4}/{:.3} test {:.4}/{:.3} rec {:.2} grads {:?} dead {:?} sat {:?}", s.epoch, s.learning_rate, s.train.loss, s.train.accuracy, s.test.loss, s.test.accuracy, s.test.recall,
          s.layers.iter().map(|l| format!("{:.1e}", l.grad_norm)).collect::<Vec<_>>(),
          s.layers.iter().map(|l| format!("{:.2}", l.dead_fraction)).collect::<Vec<_>>(),
          s.layers.iter().map(|l| format!("{:.2}", l.saturated_fraction)).collect::<Vec<_>>());
    }
    println!(
        "status {:?}; {} epochs in {:.3}s = {:.0} epochs/s",
        tel.status,
        tel.epochs.len(),
        el,
        tel.epochs.len() as f64 / el
    );
}
