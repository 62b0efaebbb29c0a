//! Matching throughput per language with the shipped gazetteers: folding,
//! language guess, automaton scan, endings, resolution and sentence split,
//! per document, in MB/s of text.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use entgraph::pipeline::PipelineBuilder;

mod corpus;

fn matcher(c: &mut Criterion) {
    let pipeline = PipelineBuilder::new()
        .gazetteers(corpus::gazetteers())
        .progress(false)
        .build()
        .expect("the shipped gazetteers load");
    let mut group = c.benchmark_group("matcher");
    for corpus in corpus::per_language() {
        // Real news names an entity every few hundred bytes; a matcher that
        // finds far fewer is broken, however fast it looks.
        let found: usize = corpus
            .documents
            .iter()
            .map(|d| pipeline.match_text(&d.text).len())
            .sum();
        let floor = corpus.bytes() as usize / 2000;
        assert!(
            found >= floor,
            "{}: {found} mentions in {} bytes",
            corpus.name,
            corpus.bytes()
        );
        group.throughput(Throughput::Bytes(corpus.bytes()));
        group.bench_function(&corpus.name, |b| {
            b.iter(|| {
                corpus
                    .documents
                    .iter()
                    .map(|d| pipeline.match_text(&d.text).len())
                    .sum::<usize>()
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = matcher
}
criterion_main!(benches);
