use std::time::Instant;
fn main() {
    let mut c = nnlab::scenario::Config::default();
    let t = Instant::now();
    for i in 0..10000 {
        c.set(
            "train.learning_rate",
            if i % 2 == 0 { "0.5" } else { "0.25" },
        )
        .unwrap();
    }
    println!("set: {:?}", t.elapsed() / 10000);
    let links = [
        "v=1&s=sigmoid-stack&r=relu,he-init&lr=0.03&seed=7",
        "v=1&s=tiny-dataset&r=l2,l1,dropout,augment,early-stop,more-data",
        "v=1&opt=adam&lr=0.003&b1=0.8&b2=0.99&sched=cosine&decay=0.1&decayep=500&warmup=10",
        "garbage&x=1",
    ];
    for l in links {
        let t = Instant::now();
        for _ in 0..2000 {
            std::hint::black_box(nnlab::link::decode(l));
        }
        println!("decode {l}: {:?}", t.elapsed() / 2000);
    }
    let big = "&lr=0.5".repeat(9000);
    let t = Instant::now();
    for _ in 0..100 {
        std::hint::black_box(nnlab::link::decode(&big));
    }
    println!("decode big: {:?}", t.elapsed() / 100);
    let big = format!("caption={}", "a".repeat(65000));
    let t = Instant::now();
    for _ in 0..100 {
        std::hint::black_box(nnlab::link::decode(&big));
    }
    println!("decode caption: {:?}", t.elapsed() / 100);
}
