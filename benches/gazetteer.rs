//! Compiling gazetteers: the shipped ones, and a large synthetic one built
//! reproducibly from real name lists in several scripts.

use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use entgraph::gazetteer::{Gazetteer, GazetteerBuilder};

mod corpus;

/// Real full names from the EveryPolitician name lists (Latin, Cyrillic,
/// Georgian, Armenian…), when `../shared/data/names` is there.
fn real_names() -> Vec<String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/names");
    let mut names = Vec::new();
    let Ok(entries) = std::fs::read_dir(&root) else {
        return names;
    };
    let mut folders: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    folders.sort();
    for folder in folders {
        let Ok(mut reader) = csv::Reader::from_path(folder.join("names.csv")) else {
            continue;
        };
        for record in reader.records().flatten() {
            if let Some(name) = record.get(0)
                && name.split_whitespace().count() >= 2
            {
                names.push(name.to_string());
            }
        }
    }
    names.sort();
    names.dedup();
    names
}

/// `count` distinct aliases: the real names, then given name × surname
/// recombinations of them, deterministic; the same list as
/// `bench/synthetic_gazetteer.py` writes for the whole-tool bench.
fn synthetic(count: usize) -> GazetteerBuilder {
    let names = real_names();
    let mut builder = GazetteerBuilder::new();
    builder.derive_partial_names(false);
    if names.is_empty() {
        return builder;
    }
    let firsts: Vec<&str> = names
        .iter()
        .filter_map(|n| n.split_whitespace().next())
        .collect();
    let lasts: Vec<&str> = names
        .iter()
        .filter_map(|n| n.split_whitespace().last())
        .collect();
    let combinations = names.len() + firsts.len() * lasts.len();
    let mut seen = std::collections::HashSet::new();
    for i in 0..combinations {
        if seen.len() == count {
            break;
        }
        let alias = if i < names.len() {
            names[i].clone()
        } else {
            let j = i - names.len();
            format!(
                "{} {}",
                firsts[j % firsts.len()],
                lasts[(j / firsts.len()) % lasts.len()]
            )
        };
        if alias.contains([',', '|']) || !seen.insert(alias.clone()) {
            continue;
        }
        builder.entity(&format!("p{}", seen.len()), "person", &alias, []);
    }
    builder
}

fn gazetteer(c: &mut Criterion) {
    let mut group = c.benchmark_group("gazetteer");
    group.sample_size(10);
    group.bench_function("shipped", |b| {
        b.iter(|| {
            let (gazetteer, _) = Gazetteer::load(&corpus::gazetteers()).expect("loads");
            assert!(gazetteer.entities().len() > 200);
            gazetteer
        })
    });
    let builder = synthetic(200_000);
    if let Ok(big) = builder.build()
        && big.aliases().len() >= 150_000
    {
        // What the compiled tries hold; the process's peak RSS (e.g.
        // `/usr/bin/time -v`) adds the builder's and criterion's own.
        eprintln!(
            "synthetic_200k: {} aliases, {} patterns, tries {:.0} MiB",
            big.aliases().len(),
            big.patterns().len(),
            big.trie_bytes() as f64 / f64::from(1 << 20)
        );
        group.bench_function("synthetic_200k", |b| {
            b.iter(|| builder.build().expect("builds"))
        });
    }
    group.finish();
}

criterion_group!(benches, gazetteer);
criterion_main!(benches);
