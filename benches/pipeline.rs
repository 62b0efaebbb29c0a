//! The whole run (read, match, count, write) on a mixed-language corpus,
//! one thread and all threads.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use entgraph::pipeline::PipelineBuilder;

mod corpus;

fn pipeline(c: &mut Criterion) {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let news = root.join("../shared/data/news");
    let inputs = if news.is_dir() {
        [
            "az_banker",
            "de_zeitgeist",
            "en_bbc",
            "ru_rt_ng/ng_0.jsonlines",
        ]
        .iter()
        .map(|p| news.join(p))
        .collect()
    } else {
        vec![root.join("samples")]
    };
    let bytes: u64 = corpus::read(&inputs, &Default::default(), usize::MAX)
        .iter()
        .map(|d| d.text.len() as u64)
        .sum();
    let out = tempfile::tempdir().expect("a temp dir");
    let mut group = c.benchmark_group("pipeline");
    group.sample_size(10).throughput(Throughput::Bytes(bytes));
    for threads in [1, 0] {
        let pipeline = PipelineBuilder::new()
            .gazetteers(corpus::gazetteers())
            .threads(threads)
            .progress(false)
            .build()
            .expect("the shipped gazetteers load");
        let name = if threads == 1 {
            "1_thread"
        } else {
            "all_threads"
        };
        group.bench_function(name, |b| {
            b.iter(|| {
                let summary = pipeline
                    .run(&inputs, out.path(), &mut |_| {})
                    .expect("the run completes");
                assert!(summary.manifest.counts.mentions as u64 >= bytes / 2000);
                summary
            })
        });
    }
    group.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
