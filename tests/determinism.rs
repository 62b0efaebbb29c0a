//! The same inputs give the same bytes, whatever the threads or the order.

use proptest::prelude::*;

use crate::util::{Workdir, seeds};

const OUTPUTS: [&str; 5] = [
    "nodes.csv",
    "edges.csv",
    "mentions.csv",
    "documents.csv",
    "graph.graphml",
];

fn outputs(dir: &Workdir, args: &[&str]) -> Vec<Vec<u8>> {
    let out = dir.run_ok(args);
    OUTPUTS
        .iter()
        .map(|name| std::fs::read(out.join(name)).unwrap())
        .collect()
}

/// A small mixed dump: the seeds plus a JSON Lines file of many records, so
/// that a run spans several documents per worker.
fn dump(dir: &Workdir) -> Vec<String> {
    let mut lines = String::new();
    let sentences = [
        "Präsident Ilham Aliyev trifft NATO-Generalsekretär Jens Stoltenberg.",
        "Azərbaycan NATO ilə əməkdaşlığa maraq göstərir. İsveçin səfiri deyib.",
        "Тобиас Лоренцсон: НАТО и Азербайджан продолжат активный диалог",
        "Der NATO-Generalsekretär sagte, dass Aserbaidschan ein wichtiger Partner sei.",
    ];
    for i in 0..200 {
        let text = sentences[i % sentences.len()];
        let record = serde_json::json!({
            "id": format!("rec-{i:03}"),
            "date": format!("2025-12-{:02}", 1 + i % 28),
            "text": text,
        });
        lines.push_str(&record.to_string());
        lines.push('\n');
    }
    let jsonl = dir.write("dump/records.jsonl", lines);
    let mut paths = vec![jsonl.display().to_string()];
    for entry in std::fs::read_dir(seeds()).unwrap() {
        paths.push(entry.unwrap().path().display().to_string());
    }
    paths.sort();
    paths
}

#[test]
fn one_thread_and_two_threads_give_the_same_bytes() {
    let dir = Workdir::new();
    let inputs = dump(&dir);
    let mut args: Vec<&str> = inputs.iter().map(String::as_str).collect();
    args.extend(["--threads", "1"]);
    let one = outputs(&dir, &args);
    let n = args.len();
    args[n - 1] = "2";
    let two = outputs(&dir, &args);
    for (name, (a, b)) in OUTPUTS.iter().zip(one.iter().zip(&two)) {
        assert!(a == b, "{name} differs between 1 and 2 threads");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6))]

    #[test]
    fn input_order_changes_nothing(seed in any::<u64>()) {
        let dir = Workdir::new();
        let inputs = dump(&dir);
        let sorted: Vec<&str> = inputs.iter().map(String::as_str).collect();
        let mut shuffled = sorted.clone();
        // A Fisher-Yates shuffle driven by the generated seed.
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            shuffled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        prop_assert_eq!(outputs(&dir, &sorted), outputs(&dir, &shuffled));
    }
}
