use nnlab::scenario::Config;
use nnlab::train::Trainer;
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let which = args.first().map_or("a", |s| s.as_str());
    let epochs: usize = args.get(1).map_or(200, |s| s.parse().unwrap());
    let mut c = Config::default();
    for (k, v) in [
        ("train.loss", "mse"),
        ("model.output_activation", "tanh"),
        ("train.learning_rate", "0.03"),
    ] {
        c.set(k, v).unwrap();
    }
    let (ds, hl, act) = match which {
        "a" | "ga" => ("spiral", "8,8", "tanh"),
        "b" | "gb" => ("spiral", "8,8,8,8,8,8", "sigmoid"),
        _ => ("circle", "4,2", "tanh"),
    };
    c.set("data.dataset", ds).unwrap();
    c.set("model.hidden_layers", hl).unwrap();
    c.set("model.activation", act).unwrap();
    let mut t = Trainer::new(&c).unwrap();
    if which.starts_with('g') {
        let mut out = Vec::new();
        for _ in 0..epochs {
            t.decision_grid(100, 100, &mut out);
        }
        println!("{}", out[0]);
        return;
    }
    let start = std::time::Instant::now();
    let tel = t.step(epochs);
    let el = start.elapsed().as_secs_f64();
    println!(
        "{} epochs/s, loss {}",
        epochs as f64 / el,
        tel.epochs.last().unwrap().train.loss
    );
}
