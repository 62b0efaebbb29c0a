//! Extra tests over the real corpora in `../shared/data/` (not part of a
//! user's clone). Run with `cargo test --release --test shared_data -- --ignored`;
//! `.ci/run` runs them when `../shared/data` is there.

#![allow(clippy::unwrap_used)]

#[path = "util.rs"]
#[allow(dead_code)]
mod util;

use std::collections::BTreeMap;
use std::path::PathBuf;

use entgraph::input::{Chunk, FieldNames, read_chunks};

fn data() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/news")
}

fn run(args: &[&str]) -> (Vec<BTreeMap<String, String>>, serde_json::Value) {
    let dir = util::Workdir::new();
    let args: Vec<&str> = args.iter().copied().chain(["--quiet"]).collect();
    let out = dir.run_ok(&args);
    let nodes = util::read_csv(&out.join("nodes.csv"));
    let manifest =
        serde_json::from_str(&std::fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    (nodes, manifest)
}

/// Labels of the `n` entities with the most mentions.
fn top(nodes: &[BTreeMap<String, String>], n: usize) -> Vec<String> {
    let mut ranked: Vec<(u64, &str)> = nodes
        .iter()
        .map(|n| (n["mentions"].parse().unwrap(), n["Label"].as_str()))
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    ranked.iter().take(n).map(|(_, l)| l.to_string()).collect()
}

#[test]
#[ignore = "needs ../shared/data"]
fn shared_data_az_banker_reads_without_flags() {
    let path = data().join("az_banker/banker_az_complete_data_20250824_230506.json");
    let (nodes, manifest) = run(&[path.to_str().unwrap()]);
    // 612 articles, 3 of them without content.
    assert_eq!(manifest["counts"]["documents"], 612);
    assert_eq!(manifest["counts"]["skipped"], 3);
    assert!(
        top(&nodes, 3).contains(&"Azerbaijan".to_string()),
        "{:?}",
        top(&nodes, 10)
    );
    // The dump is one object whose `articles_with_content` array holds the
    // records, after a `news_list` of headlines: that array is streamed in
    // batches, not parsed whole.
    let (mut batches, mut records) = (0, 0);
    read_chunks(&path, &FieldNames::default(), 1 << 20, &mut |chunk| {
        batches += usize::from(matches!(chunk, Chunk::Lines(_)));
        chunk.records(&mut |_| records += 1);
    });
    assert_eq!(records, 612);
    assert!(batches >= 3, "{batches} batches");
}

#[test]
#[ignore = "needs ../shared/data"]
fn shared_data_de_zeitgeist_reads_without_flags() {
    let (nodes, manifest) = run(&[data().join("de_zeitgeist/archive.jsonl").to_str().unwrap()]);
    assert_eq!(manifest["counts"]["documents"], 4395);
    let top = top(&nodes, 10);
    for country in ["Germany", "Ukraine", "Russia"] {
        assert!(top.contains(&country.to_string()), "{country} in {top:?}");
    }
}

#[test]
#[ignore = "needs ../shared/data"]
fn shared_data_ru_rt_ng_reads_without_flags() {
    let (nodes, manifest) = run(&[data().join("ru_rt_ng").to_str().unwrap()]);
    assert_eq!(manifest["counts"]["skipped"], 0);
    let top = top(&nodes, 5);
    assert!(top.contains(&"Russia".to_string()), "{top:?}");
}

#[test]
#[ignore = "needs ../shared/data"]
fn shared_data_tr_rss_reads_with_field_paths() {
    let path = data().join("tr_rss/news.json");
    let (nodes, manifest) = run(&[
        path.to_str().unwrap(),
        "--text-field",
        "properties.description.stringValue",
        "--id-field",
        "properties.link.stringValue",
    ]);
    assert_eq!(manifest["counts"]["documents"], 1667);
    let top = top(&nodes, 5);
    assert!(top.contains(&"Türkiye".to_string()), "{top:?}");
}

#[test]
#[ignore = "needs ../shared/data"]
fn shared_data_tr_rss_fold_diacritics_finds_names_typed_without_marks() {
    let path = data().join("tr_rss/news.json");
    let mentions = |flags: &[&str]| -> u64 {
        let mut args = vec![
            path.to_str().unwrap(),
            "--text-field",
            "properties.description.stringValue",
        ];
        args.extend_from_slice(flags);
        let (_, manifest) = run(&args);
        manifest["counts"]["mentions"].as_u64().unwrap()
    };
    let plain = mentions(&[]);
    let folded = mentions(&["--fold-diacritics"]);
    // Some items are typed without Turkish letters (`Azerbaycan'in`,
    // `Ingiltere`): folding finds more, and loses none.
    assert!(folded > plain, "{folded} <= {plain}");
}
